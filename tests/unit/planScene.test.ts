import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { loadPresetOrThrow } from '../../src/preset/load'
import { LayerRuntimes, type LayerRuntime } from '../../src/scene/layerRuntimes'
import { planScene } from '../../src/scene/planScene'
import { sameStructure, structureSelector } from '../../src/scene/structure'
import { sameElements } from '../../src/scene/useStableArray'

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

  test('the floors: every normal-blend occluder with a floor above the run, next to it or not', () => {
    // islands (no occluder) stand between the run and the lake: the lake is no occluder drawn ahead, yet its floor
    // still hides what the run would draw below the horizon
    const doc = createDocument(registry, ['sky', 'nebula', 'islands', 'water', 'terrain', 'bloom'])
    const plan = planScene(doc, registry)
    expect(plan.occluders).toEqual([])
    expect(plan.floorLayers.map((o) => o.index)).toEqual([3, 4])
    const screened = { ...doc, layers: doc.layers.map((layer, i) => (i === 3 ? { ...layer, blend: 'screen' as const } : layer)) }
    expect(planScene(screened, registry).floorLayers.map((o) => o.index)).toEqual([4])
    expect(planScene(doc, registry, { reference: true }).floorLayers).toEqual([])
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

describe('structure: what re-renders the scene, compared without string keys', () => {
  const doc = createDocument(registry, ['sky', 'terrain', 'bloom'], 7)
  const withLayer = (i: number, change: Partial<DreamDocument['layers'][number]>): DreamDocument => ({
    ...doc,
    layers: doc.layers.map((layer, j) => (j === i ? { ...layer, ...change } : layer)),
  })
  const terrainParams = doc.layers[1]!.params

  test('seed, order, type, on/off, blend and geometry values are structure; other values and opacity are not', () => {
    expect(sameStructure(doc, { ...doc }, registry)).toBe(true)
    expect(sameStructure(doc, withLayer(0, { opacity: 0.3 }), registry)).toBe(true)
    expect(sameStructure(doc, withLayer(1, { params: { ...terrainParams, scale: terrainParams.scale! } }), registry)).toBe(true)
    expect(sameStructure(doc, { ...doc, seed: 8 }, registry)).toBe(false)
    expect(sameStructure(doc, { ...doc, layers: [...doc.layers].reverse() }, registry)).toBe(false)
    expect(sameStructure(doc, { ...doc, layers: doc.layers.slice(1) }, registry)).toBe(false)
    expect(sameStructure(doc, withLayer(0, { enabled: false }), registry)).toBe(false)
    expect(sameStructure(doc, withLayer(0, { blend: 'screen' }), registry)).toBe(false)
    expect(sameStructure(doc, withLayer(0, { id: 'other' }), registry)).toBe(false)
    expect(sameStructure(doc, withLayer(1, { params: { ...terrainParams, scale: 2 } }), registry)).toBe(false)
    const nonGeometry = Object.entries(registry.get('terrain')!.params).find(([, spec]) => !spec.geometry && spec.kind === 'float')![0]
    expect(sameStructure(doc, withLayer(1, { params: { ...terrainParams, [nonGeometry]: 0.123 } }), registry)).toBe(true)
  })

  test('the selector returns the same document until the structure changes', () => {
    const select = structureSelector(registry)
    const first = select({ document: doc })
    expect(first).toBe(doc)
    expect(select({ document: withLayer(0, { opacity: 0.5 }) })).toBe(doc)
    const reseeded = { ...doc, seed: 9 }
    expect(select({ document: reseeded })).toBe(reseeded)
    expect(select({ document: { ...reseeded } })).toBe(reseeded)
  })

  test('stable arrays compare element by element, with a chosen equality', () => {
    expect(sameElements([1, 2], [1, 2])).toBe(true)
    expect(sameElements([1, 2], [1, 2, 3])).toBe(false)
    expect(sameElements([{ k: 1 }], [{ k: 1 }])).toBe(false)
    expect(sameElements([{ k: 1 }], [{ k: 1 }], (a, b) => a.k === b.k)).toBe(true)
  })
})

describe('LayerRuntimes: explicit registration', () => {
  const runtime = (): LayerRuntime => ({ layerType: registry.get('sky')!, params: {}, written: {}, setOpacity: () => {} })

  test('registered while mounted, found by id, gone after unregistering; the next frame writes every value', () => {
    const runtimes = new LayerRuntimes()
    const handle = runtime()
    const unregister = runtimes.register('a', handle)
    expect(runtimes.get('a')).toBe(handle)
    expect(handle.written).toBeNull()
    expect(runtimes.get('b')).toBeUndefined()
    unregister()
    expect(runtimes.get('a')).toBeUndefined()
    expect(runtimes.size).toBe(0)
  })

  test('a layer moving to another component: the old registration leaving does not remove the new one', () => {
    const runtimes = new LayerRuntimes()
    const unregisterOld = runtimes.register('a', runtime())
    const moved = runtime()
    const unregisterNew = runtimes.register('a', moved)
    unregisterOld()
    expect(runtimes.get('a')).toBe(moved)
    unregisterNew()
    expect(runtimes.size).toBe(0)
  })
})
