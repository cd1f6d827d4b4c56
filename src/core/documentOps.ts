/**
 * Pure edits of a dream document. Each returns a new document and leaves the input untouched; an edit that
 * changes nothing returns the SAME document, so the store records no undo step and autosave writes nothing
 * (a panel echoing the value it was given is not an edit).
 */
import type { LayerRegistry } from './defineLayer'
import { checkSeed, createLayer, LIMITS, newLayerId, type DreamDocument, type DreamLayer } from './document'
import { paramEquals, type ParamValue } from './params'
import type { SceneSettings } from './sceneSettings'

const withLayers = (doc: DreamDocument, layers: DreamLayer[]): DreamDocument => ({ ...doc, layers })
const ids = (doc: DreamDocument) => new Set(doc.layers.map((l) => l.id))

function mapLayer(doc: DreamDocument, id: string, change: (layer: DreamLayer) => DreamLayer): DreamDocument {
  let changed = false
  const layers = doc.layers.map((layer) => {
    if (layer.id !== id) return layer
    const next = change(layer)
    changed ||= next !== layer
    return next
  })
  return changed ? withLayers(doc, layers) : doc
}

/** `values` merged over `current`, or `current` itself when every given value is already there. */
function merged<V extends object>(current: V, values: Partial<V>): V {
  for (const [key, value] of Object.entries(values)) {
    const old = (current as Record<string, unknown>)[key]
    const same = value === undefined || old === undefined ? value === old : paramEquals(old as ParamValue, value as ParamValue)
    if (!same) return { ...current, ...values }
  }
  return current
}

/** Adds a new layer of `type` on top of the stack (or at `index`). Throws for unknown types or a full stack. */
export function addLayer(doc: DreamDocument, registry: LayerRegistry, type: string, index = doc.layers.length): DreamDocument {
  const layerType = registry.get(type)
  if (!layerType) throw new Error(`unknown layer type "${type}"`)
  if (doc.layers.length >= LIMITS.layers) throw new Error(`a dreamscape holds at most ${LIMITS.layers} layers`)
  const layers = [...doc.layers]
  layers.splice(index, 0, createLayer(layerType, ids(doc)))
  return withLayers(doc, layers)
}

export function removeLayer(doc: DreamDocument, id: string): DreamDocument {
  return doc.layers.some((l) => l.id === id) ? withLayers(doc, doc.layers.filter((l) => l.id !== id)) : doc
}

export function duplicateLayer(doc: DreamDocument, id: string): DreamDocument {
  const index = doc.layers.findIndex((l) => l.id === id)
  const source = doc.layers[index]
  if (!source || doc.layers.length >= LIMITS.layers) return doc
  const layers = [...doc.layers]
  layers.splice(index + 1, 0, { ...source, id: newLayerId(ids(doc)), params: { ...source.params } })
  return withLayers(doc, layers)
}

/** Moves a layer to `toIndex` (clamped), the other layers keeping their order. */
export function moveLayer(doc: DreamDocument, id: string, toIndex: number): DreamDocument {
  const from = doc.layers.findIndex((l) => l.id === id)
  if (from < 0) return doc
  const target = Math.max(0, Math.min(doc.layers.length - 1, toIndex))
  if (target === from) return doc
  const layers = [...doc.layers]
  const [layer] = layers.splice(from, 1)
  layers.splice(target, 0, layer as DreamLayer)
  return withLayers(doc, layers)
}

export type LayerProps = Partial<Pick<DreamLayer, 'enabled' | 'opacity' | 'blend'>>
export function setLayerProps(doc: DreamDocument, id: string, props: LayerProps): DreamDocument {
  return mapLayer(doc, id, (layer) => merged<DreamLayer>(layer, props))
}

export function setLayerParams(doc: DreamDocument, id: string, params: Record<string, ParamValue>): DreamDocument {
  return mapLayer(doc, id, (layer) => {
    const next = merged(layer.params, params)
    return next === layer.params ? layer : { ...layer, params: next }
  })
}

export function setScene(doc: DreamDocument, scene: Partial<SceneSettings>): DreamDocument {
  const next = merged(doc.scene, scene)
  return next === doc.scene ? doc : { ...doc, scene: next }
}

/** Sets the seed. Throws for anything but a whole number in 0..SEED_MAX (use `checkSeed` to tell the artist). */
export function setSeed(doc: DreamDocument, seed: number): DreamDocument {
  const problem = checkSeed(seed)
  if (problem) throw new RangeError(problem)
  return seed === doc.seed ? doc : { ...doc, seed }
}

export function setMeta(doc: DreamDocument, meta: Partial<DreamDocument['meta']>): DreamDocument {
  const next = merged(doc.meta, meta)
  return next === doc.meta ? doc : { ...doc, meta: next }
}
