import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { paramEquals } from '../core/params'

/**
 * Whether two documents draw with the same React tree: the same seed, and the same set, order, type, on/off
 * state and blend of layers, with equal values of parameters flagged `geometry` (object layers rebuild their
 * mesh from them). Everything else (every slider) reaches the GPU through uniforms in the frame loop, without
 * a React render.
 */
export function sameStructure(a: DreamDocument, b: DreamDocument, registry: LayerRegistry): boolean {
  if (a === b) return true
  if (a.seed !== b.seed || a.layers.length !== b.layers.length) return false
  for (let i = 0; i < a.layers.length; i++) {
    const x = a.layers[i]!
    const y = b.layers[i]!
    if (x === y) continue
    if (x.id !== y.id || x.type !== y.type || x.enabled !== y.enabled || x.blend !== y.blend) return false
    const layerType = registry.get(x.type)
    if (!layerType) continue
    for (const [name, spec] of Object.entries(layerType.params)) {
      if (!spec.geometry) continue
      const before = x.params[name]
      const after = y.params[name]
      if (before === undefined || after === undefined ? before !== after : !paramEquals(before, after)) return false
    }
  }
  return true
}

/**
 * A store selector whose result changes only when the structure does (it returns the document it last returned
 * while the structure stays the same): subscribing with it re-renders the scene on structural edits only.
 */
export function structureSelector(registry: LayerRegistry): (state: { document: DreamDocument }) => DreamDocument {
  let last: DreamDocument | null = null
  return ({ document }) => {
    if (last === null || !sameStructure(last, document, registry)) last = document
    return last
  }
}
