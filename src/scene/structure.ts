import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'

/**
 * What forces React to re-render the scene: the set, order, type, on/off state and blend of layers, the seed,
 * and values of parameters flagged `geometry` (object layers rebuild their mesh from them). Everything else
 * (every slider) reaches the GPU through uniforms in the frame loop, without a React render.
 */
export function structureKey(doc: DreamDocument, registry: LayerRegistry): string {
  let key = `${doc.seed}`
  for (const layer of doc.layers) {
    key += `|${layer.id}:${layer.type}:${layer.enabled ? 1 : 0}:${layer.blend}`
    const layerType = registry.get(layer.type)
    if (!layerType) continue
    for (const [name, spec] of Object.entries(layerType.params))
      if (spec.geometry) key += `:${JSON.stringify(layer.params[name])}`
  }
  return key
}
