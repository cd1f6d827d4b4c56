/**
 * The render cost model, derived from the layer declarations (no React, no WebGL: runs in node).
 *
 * Unit: one 3D simplex noise evaluation per pixel. Each layer type declares `cost(values)`, its cost per
 * output pixel as a function of its quality knobs (octaves, steps, counts), calibrated from the bench's
 * per-layer figures (bench/REPORT.md, "Every layer type alone": own frame time over the time of one noise
 * octave at the same size). A document costs the sum of its drawn layers; hidden layers and layers at
 * opacity 0 are free. One budget bounds what any document (a link, a file, a journey morph) may ask for:
 * the loader warns above it (an error in strict mode) and the canvas lowers quality knobs before the first
 * frame until it fits (`fitToBudget`).
 */
import type { AnyLayerType, LayerRegistry } from './defineLayer'
import { LIMITS, type DreamDocument, type DreamLayer } from './document'
import type { ParamValue } from './params'

/** The fixed output stage (scene target, flash limiter, dither) in the same unit, for frame-time predictions. */
export const OUTPUT_STAGE_COST = 5

/**
 * The most a document may cost per pixel. About twice the dearest built-in preset (the README lists each
 * one's cost): every built-in fits with room to spare; 32 clouds layers at full quality (~9,000) do not.
 */
export const COST_BUDGET = 200

/** Used for a layer type that declares no cost (third-party registries): a modest full-screen shader. */
const UNDECLARED_LAYER_COST = 4

/** A layer's cost per pixel with these values (finite, >= 0 whatever the declaration computes). */
export function layerCost(layerType: AnyLayerType, values: Readonly<Record<string, ParamValue>>): number {
  const declared = layerType.cost ? layerType.cost(values as never) : UNDECLARED_LAYER_COST
  return Number.isFinite(declared) && declared > 0 ? declared : 0
}

/** Whether a layer is drawn at all: hidden layers and layers faded to nothing cost nothing. */
export const isDrawn = (layer: DreamLayer): boolean => layer.enabled && layer.opacity > 0

/**
 * A document's cost per pixel. `overrides` (per layer id) replace param values, as adaptive quality's do;
 * unknown layer types cost nothing (they are not drawn).
 */
export function documentCost(
  doc: DreamDocument,
  registry: LayerRegistry,
  overrides?: ReadonlyMap<string, Readonly<Record<string, number>>>,
): number {
  let total = 0
  for (const layer of doc.layers) {
    if (!isDrawn(layer)) continue
    const layerType = registry.get(layer.type)
    if (!layerType) continue
    const lowered = overrides?.get(layer.id)
    total += layerCost(layerType, lowered ? { ...layer.params, ...lowered } : layer.params)
  }
  return total
}

/** One line per drawn layer, dearest first (for warnings and the README table). */
export function costBreakdown(doc: DreamDocument, registry: LayerRegistry): { id: string; type: string; cost: number }[] {
  return doc.layers
    .filter(isDrawn)
    .flatMap((layer) => {
      const layerType = registry.get(layer.type)
      return layerType ? [{ id: layer.id, type: layer.type, cost: layerCost(layerType, layer.params) }] : []
    })
    .sort((a, b) => b.cost - a.cost)
}

interface Knob {
  layer: DreamLayer
  key: string
  from: number
  floor: number
  integer: boolean
}

function qualityKnobs(doc: DreamDocument, registry: LayerRegistry): Knob[] {
  const knobs: Knob[] = []
  for (const layer of doc.layers) {
    const layerType = registry.get(layer.type)
    if (!isDrawn(layer) || !layerType) continue
    for (const [key, spec] of Object.entries(layerType.params)) {
      if (!spec.quality || (spec.kind !== 'int' && spec.kind !== 'float')) continue
      const from = typeof layer.params[key] === 'number' ? (layer.params[key] as number) : spec.default
      const floor = Math.max(spec.min, spec.quality.floor)
      if (from > floor) knobs.push({ layer, key, from, floor, integer: spec.kind === 'int' })
    }
  }
  return knobs
}

/** Every knob at `fraction` of the way from its floor (0) to its value (1). */
function withKnobsAt(doc: DreamDocument, knobs: readonly Knob[], fraction: number): DreamDocument {
  if (knobs.length === 0 || fraction >= 1) return doc
  const lowered = new Map<DreamLayer, Record<string, ParamValue>>()
  for (const knob of knobs) {
    const raw = knob.floor + (knob.from - knob.floor) * fraction
    const value = knob.integer ? Math.max(knob.floor, Math.floor(raw)) : raw
    lowered.set(knob.layer, { ...(lowered.get(knob.layer) ?? knob.layer.params), [knob.key]: value })
  }
  return { ...doc, layers: doc.layers.map((layer) => (lowered.has(layer) ? { ...layer, params: lowered.get(layer)! } : layer)) }
}

export interface FitResult {
  /** The document to draw: the input itself when it fits. */
  document: DreamDocument
  /** Its cost (<= the budget unless nothing could be lowered further). */
  cost: number
  /** The input's cost. */
  original: number
  /** Layer ids whose quality knobs were lowered, and layer ids switched off because floors were not enough. */
  lowered: string[]
  hidden: string[]
}

/**
 * Lower quality knobs (the params declaring `quality: { floor }`), all by the same fraction of the way to their
 * floors, until the document fits the budget; if even the floors do not fit, switch off the dearest layers
 * (topmost first among equals) until it does. Pure: the document is returned changed, never mutated.
 */
export function fitToBudget(doc: DreamDocument, registry: LayerRegistry, budget = COST_BUDGET): FitResult {
  const original = documentCost(doc, registry)
  if (original <= budget) return { document: doc, cost: original, original, lowered: [], hidden: [] }
  const knobs = qualityKnobs(doc, registry)
  let fitted = withKnobsAt(doc, knobs, 0)
  let cost = documentCost(fitted, registry)
  if (cost <= budget) {
    // the largest fraction that fits: cost is monotonic in each knob, so bisect
    let low = 0
    let high = 1
    for (let i = 0; i < 16; i++) {
      const middle = (low + high) / 2
      if (documentCost(withKnobsAt(doc, knobs, middle), registry) <= budget) low = middle
      else high = middle
    }
    fitted = withKnobsAt(doc, knobs, low)
    cost = documentCost(fitted, registry)
  }
  const hidden: string[] = []
  if (cost > budget) {
    const layers = [...fitted.layers]
    const costs = layers.map((layer) => {
      const layerType = registry.get(layer.type)
      return isDrawn(layer) && layerType ? layerCost(layerType, layer.params) : 0
    })
    while (cost > budget) {
      let dearest = -1
      for (let i = layers.length - 1; i >= 0; i--) if (costs[i]! > 0 && (dearest < 0 || costs[i]! > costs[dearest]!)) dearest = i
      if (dearest < 0) break
      cost -= costs[dearest]!
      costs[dearest] = 0
      hidden.push(layers[dearest]!.id)
      layers[dearest] = { ...layers[dearest]!, enabled: false }
    }
    fitted = { ...fitted, layers }
  }
  const lowered = [...new Set(knobs.map((knob) => knob.layer.id))].filter((id) => !hidden.includes(id))
  return { document: fitted, cost: Math.max(0, cost), original, lowered, hidden }
}

/**
 * At most `limit` layers drawn at once (a journey morph between two full stops would draw both): the most
 * opaque are kept, the faintest switched off. Returns the document itself when it is within the limit.
 */
export function limitDrawnLayers(doc: DreamDocument, limit: number = LIMITS.layers): DreamDocument {
  let drawn = 0
  for (const layer of doc.layers) if (isDrawn(layer)) drawn++
  if (drawn <= limit) return doc
  const ranked = doc.layers
    .map((layer, index) => ({ layer, index }))
    .filter(({ layer }) => isDrawn(layer))
    // most opaque first; among equals, the bottom of the stack (the backdrop everything stands on) first
    .sort((a, b) => b.layer.opacity - a.layer.opacity || a.index - b.index)
  const keep = new Set(ranked.slice(0, limit).map(({ layer }) => layer))
  return { ...doc, layers: doc.layers.map((layer) => (isDrawn(layer) && !keep.has(layer) ? { ...layer, enabled: false } : layer)) }
}
