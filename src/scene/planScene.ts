/**
 * What DreamScene draws for a document, decided without React or WebGL (so node tests can check it): the
 * enabled layers of known types in stack order, the backdrop run fused into one pass, the opaque objects right
 * above that run (drawn before it, so it shades only what they leave uncovered), the layers drawn with their
 * own material, and the effect layers.
 */
import type { AnyLayerType, LayerRegistry } from '../core/defineLayer'
import type { DreamDocument, DreamLayer } from '../core/document'
import { fusedRunLength } from './backdropStack'

export interface PlannedLayer {
  layer: DreamLayer
  /** Position in the document's stack (drawing order). */
  index: number
  layerType: AnyLayerType
}

export interface ScenePlan {
  /** Enabled layers whose type is registered, in stack order. */
  layers: PlannedLayer[]
  /** The bottom run of backdrops drawn in one fused pass (empty when fusion is off). */
  fused: PlannedLayer[]
  /** Opaque normal-blend objects right above the fused run; the fused pass depth-tests against them. */
  occluders: { id: string; index: number }[]
  /**
   * Every normal-blend occluder above the fused run, next to it or not: while one is fully opaque, the rows its
   * floor fills are painted over by it whatever is drawn between, so the fused pass and its soft passes leave them
   * out (src/scene/floorCover.ts).
   */
  floorLayers: { id: string; index: number }[]
  /** Backdrops and objects above the fused run, each with its own material. */
  materials: PlannedLayer[]
  /** Effect layers, in stack order. */
  effects: PlannedLayer[]
}

export function planScene(document: DreamDocument, registry: LayerRegistry, { fuse = true, reference = false } = {}): ScenePlan {
  const layers = document.layers
    .map((layer, index) => ({ layer, index, layerType: registry.get(layer.type) }))
    .filter((entry): entry is PlannedLayer => entry.layer.enabled && !!entry.layerType)
  const fusedCount = fuse ? fusedRunLength(layers) : 0
  // Reference mode draws strictly in stack order: no occluders drawn ahead of the backdrops.
  let occluderCount = 0
  while (fusedCount > 0 && !reference && layers[fusedCount + occluderCount]?.layerType.occluder && layers[fusedCount + occluderCount]!.layer.blend === 'normal') occluderCount++
  return {
    layers,
    fused: layers.slice(0, fusedCount),
    occluders: layers.slice(fusedCount, fusedCount + occluderCount).map(({ layer, index }) => ({ id: layer.id, index })),
    floorLayers:
      fusedCount > 0 && !reference
        ? layers.slice(fusedCount).filter(({ layer, layerType }) => layerType.occluder && layerType.floor && layer.blend === 'normal').map(({ layer, index }) => ({ id: layer.id, index }))
        : [],
    materials: layers.slice(fusedCount).filter((entry) => entry.layerType.kind !== 'effect'),
    effects: layers.filter((entry) => entry.layerType.kind === 'effect'),
  }
}

/**
 * Whether an opaque backdrop (declared `opaque`: a sky) is drawn enabled at full opacity with normal blending:
 * then nothing behind the backdrops shows in any direction, in the picture or in a reflection of it.
 */
export function skyIsOpaque(layers: readonly DreamLayer[], registry: LayerRegistry): boolean {
  // an index loop: the frame loop asks every frame
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!
    if (layer.enabled && layer.opacity >= 1 && layer.blend === 'normal' && registry.get(layer.type)?.opaque === true) return true
  }
  return false
}
