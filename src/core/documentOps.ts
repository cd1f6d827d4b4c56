/** Pure edits of a dream document. Each returns a new document and leaves the input untouched. */
import type { LayerRegistry } from './defineLayer'
import { createLayer, LIMITS, newLayerId, type DreamDocument, type DreamLayer } from './document'
import type { ParamValue } from './params'
import type { SceneSettings } from './sceneSettings'

const withLayers = (doc: DreamDocument, layers: DreamLayer[]): DreamDocument => ({ ...doc, layers })
const ids = (doc: DreamDocument) => new Set(doc.layers.map((l) => l.id))

function mapLayer(doc: DreamDocument, id: string, change: (layer: DreamLayer) => DreamLayer): DreamDocument {
  let found = false
  const layers = doc.layers.map((layer) => (layer.id === id ? ((found = true), change(layer)) : layer))
  return found ? withLayers(doc, layers) : doc
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
  return withLayers(doc, doc.layers.filter((l) => l.id !== id))
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
  return mapLayer(doc, id, (layer) => ({ ...layer, ...props }))
}

export function setLayerParams(doc: DreamDocument, id: string, params: Record<string, ParamValue>): DreamDocument {
  return mapLayer(doc, id, (layer) => ({ ...layer, params: { ...layer.params, ...params } }))
}

export function setScene(doc: DreamDocument, scene: Partial<SceneSettings>): DreamDocument {
  return { ...doc, scene: { ...doc.scene, ...scene } }
}

export function setSeed(doc: DreamDocument, seed: number): DreamDocument {
  return { ...doc, seed: seed >>> 0 }
}

export function setMeta(doc: DreamDocument, meta: Partial<DreamDocument['meta']>): DreamDocument {
  return { ...doc, meta: { ...doc.meta, ...meta } }
}
