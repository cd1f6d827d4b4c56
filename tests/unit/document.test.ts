import { describe, expect, test } from 'vitest'
import { checkSeed, createDocument, LIMITS, SEED_MAX } from '../../src/core/document'
import { addLayer, duplicateLayer, moveLayer, removeLayer, setLayerParams, setLayerProps, setMeta, setScene, setSeed } from '../../src/core/documentOps'
import { COALESCE_MS, createDreamStore, HISTORY_LIMIT } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'

const base = () => createDocument(registry, ['sky', 'nebula', 'stars'])

describe('document operations', () => {
  test('add, duplicate, move, remove keep ids unique and inputs untouched', () => {
    const doc = base()
    const frozen = JSON.stringify(doc)
    const added = addLayer(doc, registry, 'nebula')
    expect(added.layers.map((l) => l.type)).toEqual(['sky', 'nebula', 'stars', 'nebula'])
    const copy = duplicateLayer(added, added.layers[1]!.id)
    expect(copy.layers).toHaveLength(5)
    expect(new Set(copy.layers.map((l) => l.id)).size).toBe(5)
    expect(copy.layers[2]!.params).toEqual(copy.layers[1]!.params)
    expect(copy.layers[2]!.params).not.toBe(copy.layers[1]!.params)
    const moved = moveLayer(copy, copy.layers[0]!.id, 99)
    expect(moved.layers.at(-1)!.type).toBe('sky')
    expect(removeLayer(moved, moved.layers[0]!.id).layers).toHaveLength(4)
    expect(JSON.stringify(doc)).toBe(frozen)
  })

  test('unknown types and full stacks are refused with a sentence', () => {
    expect(() => addLayer(base(), registry, 'volcano')).toThrow('unknown layer type "volcano"')
    let doc = createDocument(registry)
    for (let i = 0; i < LIMITS.layers; i++) doc = addLayer(doc, registry, 'stars')
    expect(() => addLayer(doc, registry, 'stars')).toThrow(/at most 32 layers/)
  })

  test('two instances of one type are independent', () => {
    let doc = addLayer(base(), registry, 'nebula')
    const [, first, , second] = doc.layers
    doc = setLayerParams(doc, second!.id, { scale: 4 })
    expect(doc.layers[1]!.params.scale).toBe(first!.params.scale)
    expect(doc.layers[3]!.params.scale).toBe(4)
  })
})

describe('undo / redo', () => {
  test('every edit is undoable and redoable', () => {
    const store = createDreamStore(base())
    const start = store.getState().document
    store.edit((doc) => addLayer(doc, registry, 'terrain'))
    store.edit((doc) => setSeed(doc, 42))
    expect(store.getState().document.seed).toBe(42)
    store.undo()
    expect(store.getState().document.seed).toBe(start.seed)
    expect(store.getState().document.layers).toHaveLength(4)
    store.undo()
    expect(store.getState().document).toBe(start)
    store.redo()
    store.redo()
    expect(store.getState().document.seed).toBe(42)
    expect(store.canRedo()).toBe(false)
  })

  test('a slider drag (gesture) is one undo step however many values it passes', () => {
    const store = createDreamStore(base())
    const id = store.getState().document.layers[1]!.id
    store.beginGesture()
    for (let i = 1; i <= 50; i++) store.edit((doc) => setLayerParams(doc, id, { scale: i / 10 }), `${id}.scale`)
    store.endGesture()
    expect(store.getState().past).toHaveLength(1)
    store.undo()
    expect(store.getState().document.layers[1]!.params.scale).toBe(1.6)
  })

  test('rapid edits of one field coalesce; a pause or another field starts a new step', () => {
    let now = 0
    const store = createDreamStore(base(), () => now)
    const id = store.getState().document.layers[0]!.id
    store.edit((doc) => setLayerProps(doc, id, { opacity: 0.9 }), `${id}.opacity`)
    now += 100
    store.edit((doc) => setLayerProps(doc, id, { opacity: 0.8 }), `${id}.opacity`)
    expect(store.getState().past).toHaveLength(1)
    now += COALESCE_MS + 1
    store.edit((doc) => setLayerProps(doc, id, { opacity: 0.7 }), `${id}.opacity`)
    store.edit((doc) => setLayerProps(doc, id, { blend: 'add' }), `${id}.blend`)
    expect(store.getState().past).toHaveLength(3)
  })

  test('history is bounded', () => {
    const store = createDreamStore(base())
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) store.edit((doc) => setSeed(doc, i + 1))
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT)
  })
})

describe('an edit that changes nothing is not an edit (issue 10.1)', () => {
  test('every document operation returns the SAME document when nothing changes', () => {
    const doc = base()
    const [sky, nebula] = doc.layers
    expect(setSeed(doc, doc.seed)).toBe(doc)
    expect(setLayerParams(doc, nebula!.id, { scale: nebula!.params.scale! })).toBe(doc)
    expect(setLayerParams(doc, 'no-such-layer', { scale: 2 })).toBe(doc)
    expect(setLayerProps(doc, sky!.id, { opacity: sky!.opacity, enabled: sky!.enabled, blend: sky!.blend })).toBe(doc)
    expect(setScene(doc, { speed: doc.scene.speed, cameraMotion: doc.scene.cameraMotion })).toBe(doc)
    expect(setMeta(doc, { title: doc.meta.title })).toBe(doc)
    expect(removeLayer(doc, 'no-such-layer')).toBe(doc)
    expect(moveLayer(doc, sky!.id, 0)).toBe(doc)
    // vectors compare by value, not by identity
    const vecLayer = doc.layers.find((l) => Object.values(l.params).some(Array.isArray))
    if (vecLayer) {
      const [key, value] = Object.entries(vecLayer.params).find(([, v]) => Array.isArray(v))!
      expect(setLayerParams(doc, vecLayer.id, { [key]: [...(value as number[])] })).toBe(doc)
    }
    // and a real change still makes a new document
    expect(setSeed(doc, doc.seed + 1)).not.toBe(doc)
    expect(setLayerParams(doc, nebula!.id, { scale: 2.5 }).layers[1]!.params.scale).toBe(2.5)
  })

  test('the store records no undo step and no revision for a no-op edit', () => {
    const store = createDreamStore(base())
    const { document, revision } = store.getState()
    store.edit((doc) => setSeed(doc, doc.seed), 'seed')
    store.edit((doc) => setScene(doc, { speed: doc.scene.speed }), 'scene.speed')
    store.replace(document)
    expect(store.getState().document).toBe(document)
    expect(store.getState().revision).toBe(revision)
    expect(store.canUndo()).toBe(false)
  })
})

describe('seed range (issue 12.6)', () => {
  test('out-of-range seeds are refused with a sentence, never wrapped', () => {
    expect(checkSeed(0)).toBeUndefined()
    expect(checkSeed(SEED_MAX)).toBeUndefined()
    expect(checkSeed(99999999999)).toMatch(/out of range.*0 to 4294967295/)
    expect(checkSeed(-5)).toMatch(/out of range/)
    expect(checkSeed(1.5)).toMatch(/whole number/)
    expect(checkSeed(Number.NaN)).toMatch(/number/)
    expect(() => setSeed(base(), 99999999999)).toThrow(/out of range/)
    expect(() => setSeed(base(), -5)).toThrow(/out of range/)
  })
})

describe('gestures (issue 12.4)', () => {
  test('a gesture begun again while open (a focus change, a nested drag) stays one undo step', () => {
    let now = 0
    const store = createDreamStore(base(), () => now)
    const id = store.getState().document.layers[2]!.id
    store.edit((doc) => setLayerParams(doc, id, { twinkle: 0.2 }), `${id}.twinkle`) // typed value
    const steps = store.getState().past.length
    store.beginGesture() // pointer down
    store.beginGesture() // the slider's own drag start
    for (let i = 1; i <= 12; i++) {
      now += 1000 // slow frames: far apart in time, still one gesture
      store.edit((doc) => setLayerParams(doc, id, { twinkle: 0.2 + i / 20 }), `${id}.twinkle`)
    }
    store.endGesture()
    expect(store.getState().past.length - steps).toBe(1)
    store.undo()
    expect(store.getState().document.layers[2]!.params.twinkle).toBe(0.2)
  })
})
