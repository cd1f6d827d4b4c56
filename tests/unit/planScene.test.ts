import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { loadPresetOrThrow } from '../../src/preset/load'
import { planScene } from '../../src/scene/planScene'

const ids = (entries: { layer: { type: string } }[]) => entries.map((entry) => entry.layer.type)
const presets = readdirSync('presets')
  .filter((file) => file.endsWith('.json') && !file.endsWith('.schema.json'))
  .map((file) => loadPresetOrThrow(readFileSync(`presets/${file}`, 'utf8'), { registry }))

describe('planScene: what the scene draws, decided in node', () => {
  test('the bottom backdrops fuse; objects and later backdrops get materials; effects go to the composer', () => {
    const doc = createDocument(registry, ['sky', 'nebula', 'terrain', 'stars', 'bloom', 'grain'])
    const plan = planScene(doc, registry)
    expect(ids(plan.fused)).toEqual(['sky', 'nebula'])
    expect(ids(plan.materials)).toEqual(['terrain', 'stars'])
    expect(ids(plan.effects)).toEqual(['bloom', 'grain'])
    expect(plan.occluders.map((o) => o.index)).toEqual([2]) // terrain is opaque, normal blend, right above the run
    expect(planScene(doc, registry, { reference: true }).occluders).toEqual([])
    expect(planScene(doc, registry, { fuse: false }).fused).toEqual([])
    expect(ids(planScene(doc, registry, { fuse: false }).materials)).toEqual(['sky', 'nebula', 'terrain', 'stars'])
  })

  test('disabled layers and unknown types are left out; a second instance of a type ends the fused run', () => {
    const base = createDocument(registry, ['sky', 'stars', 'sky', 'nebula'])
    const doc: DreamDocument = {
      ...base,
      layers: [...base.layers, { ...base.layers[0]!, id: 'ghost', type: 'no-such-type' }].map((layer, i) => (i === 1 ? { ...layer, enabled: false } : layer)),
    }
    const plan = planScene(doc, registry)
    expect(ids(plan.layers)).toEqual(['sky', 'sky', 'nebula'])
    expect(ids(plan.fused)).toEqual(['sky'])
    expect(ids(plan.materials)).toEqual(['sky', 'nebula'])
  })

  test('every built-in preset: each enabled layer drawn exactly once, in stack order', () => {
    expect(presets.length).toBeGreaterThan(5)
    for (const doc of presets) {
      const plan = planScene(doc, registry)
      const drawn = [...plan.fused, ...plan.materials, ...plan.effects].map((entry) => entry.index).sort((a, b) => a - b)
      expect(drawn).toEqual(plan.layers.map((entry) => entry.index))
      expect(plan.fused.every((entry) => entry.layerType.kind === 'backdrop')).toBe(true)
      expect(plan.fused.map((entry) => entry.index)).toEqual(plan.fused.map((_, i) => plan.layers[i]!.index))
    }
  })
})
