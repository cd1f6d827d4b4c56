import { describe, expect, test } from 'vitest'
import { createDocument, LIMITS } from '../../src/core/document'
import { addLayer, duplicateLayer, moveLayer, removeLayer, setLayerParams, setLayerProps, setSeed } from '../../src/core/documentOps'
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
