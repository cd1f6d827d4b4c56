import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { defineParams } from '../../src/core/defineParams'
import { createDocument, createLayer, DEFAULT_META, defaultScene, layerFields, sceneType } from '../../src/core/document'
import { p } from '../../src/core/params'
import { registry } from '../../src/layers'

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  )

describe('defineParams: one primitive under layer types, scene settings and layer fields', () => {
  test('checks every spec and names the owner in its errors', () => {
    expect(() => defineParams('test set', { Bad: p.bool(true) })).toThrow('test set, parameter "Bad": names must be camelCase')
    expect(() => defineParams('test set', { x: p.float(0, { min: 1, max: 1 }) })).toThrow('min must be below max')
    expect(() => defineParams('test set', { x: p.float(5, { min: 0, max: 1 }) })).toThrow('the default is invalid')
    const set = defineParams('test set', { x: p.float(0.5, { min: 0, max: 1 }), on: p.bool(true) })
    expect(set.defaults).toEqual({ x: 0.5, on: true })
    expect(set.sanitize({ x: 7, extra: 1 })).toEqual({
      values: { x: 1, on: true },
      problems: [expect.objectContaining({ key: 'x' }), expect.objectContaining({ key: 'extra' })],
    })
  })

  test('the scene settings are a parameter set, not a fake layer', () => {
    expect('kind' in sceneType).toBe(false)
    expect(defaultScene()).toEqual(sceneType.defaults)
  })

  test("a new layer takes its fields' defaults from the one declaration, with its type's own blend", () => {
    const nebula = registry.get('nebula')!
    expect(nebula.blend).toBe('screen')
    const layer = createLayer(nebula)
    expect({ enabled: layer.enabled, opacity: layer.opacity, blend: layer.blend }).toEqual(layerFields(nebula).defaults)
    expect(layer.blend).toBe('screen')
    expect(createLayer(registry.get('sky')!).blend).toBe('normal')
  })

  test('every default is written once: the untitled title appears in one source line', () => {
    expect(createDocument(registry).meta).toEqual(DEFAULT_META)
    const hits = sourceFiles('src').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.includes(`'${DEFAULT_META.title}'`))
        .map((line) => `${file}: ${line.trim()}`),
    )
    expect(hits).toHaveLength(1)
  })
})
