import { describe, expect, test } from 'vitest'
import { createRegistry } from '../../src/core/defineLayer'
import { RESERVED_PARAM_NAMES } from '../../src/core/reserved'
import { sanitizeParam } from '../../src/core/params'
import { layerTypes, registry } from '../../src/layers'

// Registry-wide: every registered layer type is checked here the moment it is listed in src/layers/index.ts.
describe.each(layerTypes.map((t) => [t.type, t] as const))('layer type %s', (_type, layerType) => {
  test('declares a label, description and a kind with what that kind needs', () => {
    expect(layerType.label.length).toBeGreaterThan(1)
    expect(layerType.description.length).toBeGreaterThan(10)
    if (layerType.kind === 'backdrop') expect(layerType.fragment).toMatch(/vec4\s+renderLayer\s*\(\s*vec3\s+\w+\s*,\s*vec2\s+\w+\s*\)/)
    if (layerType.kind === 'object') {
      expect(layerType.vertex).toMatch(/void\s+main/)
      expect(layerType.fragment).toMatch(/dreamOutput\(/)
      expect(layerType.object).toBeTypeOf('function')
    }
    if (layerType.kind === 'effect') expect(layerType.createEffect ?? layerType.fragment.match(/void\s+mainImage\s*\(/)).toBeTruthy()
  })

  test('an effect that reads by the pixel grid (gl_FragCoord) declares it, and only such an effect does', () => {
    // the output stage joins an effect pass only when none of its effects reads the pixel grid (EffectStack)
    if (layerType.kind !== 'effect') return expect(layerType.pixelGrid).toBeUndefined()
    expect(layerType.pixelGrid === true).toBe(/gl_FragCoord/.test(layerType.fragment))
  })

  test('parameters are not reserved words and their defaults are valid', () => {
    for (const [key, spec] of Object.entries(layerType.params)) {
      expect(RESERVED_PARAM_NAMES.has(key), `${key} is reserved`).toBe(false)
      expect(sanitizeParam(spec, spec.default).problem).toBeUndefined()
    }
  })

  test('GLSL never declares parameter uniforms by hand (they are generated)', () => {
    for (const key of Object.keys(layerType.params)) {
      const source = `${layerType.fragment}\n${layerType.vertex ?? ''}`
      expect(source, `uniform ${key} declared by hand`).not.toMatch(new RegExp(`uniform\\s+\\w+\\s+${key}\\s*;`))
    }
  })

  test('shared GLSL chunks carry no include guards (postprocessing does not prefix them)', () => {
    expect(`${layerType.fragment}${layerType.vertex ?? ''}`).not.toMatch(/#ifndef\s+\w+_GLSL|#pragma once/)
  })

  test('sanitize of defaults is lossless and lerp keeps endpoints', () => {
    const { values, problems } = layerType.sanitize(layerType.defaults)
    expect(problems).toEqual([])
    expect(values).toEqual(layerType.defaults)
    expect(layerType.lerp(layerType.defaults, layerType.defaults, 0.3)).toEqual(layerType.defaults)
  })
})

test('the registry refuses duplicate types and finds registered ones', () => {
  expect(registry.all.length).toBeGreaterThanOrEqual(7)
  expect(registry.get('nebula')?.kind).toBe('backdrop')
  expect(registry.get('nope')).toBeUndefined()
  expect(() => createRegistry([...layerTypes, layerTypes[0]!])).toThrow(/registered twice/)
  expect(new Set(layerTypes.map((t) => t.kind))).toEqual(new Set(['backdrop', 'object', 'effect']))
})
