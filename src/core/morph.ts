/**
 * Dream morphing: one document becoming another. Pure (no React, no DOM), so the viewer, the CLI and tests
 * share it.
 *
 * - Layers are paired by id, then the rest by type in stack order (the k-th unpaired nebula of `a` with the
 *   k-th unpaired nebula of `b`). A pair interpolates its params with its declaration's lerp (colours in
 *   OKLab, ints rounded, selects and bools switching at the midpoint) and its opacity linearly.
 * - A layer on one side only fades: its opacity goes to (or comes from) zero.
 * - Scene settings interpolate through `sceneType.lerp`; the seed, meta and blends switch at the midpoint.
 * - Parameters flagged `geometry` (object layers rebuild a mesh from them on the CPU) also switch at the
 *   midpoint: interpolating them would rebuild the mesh every frame of the morph.
 * - Modulation: sources are matched by id (and type), bindings by source and target (the target's layer
 *   through the layer pairing). A matched source interpolates its params, a matched binding its depth and offset
 *   (its curve switches at the midpoint). A binding on one side only fades: depth and offset scaled by 1 - t (or
 *   t), so it rests at nothing where the other document has no binding. A source whose id the other side uses
 *   for another type is renamed on b's side for the length of the morph.
 * - t <= 0 returns `a` itself and t >= 1 returns `b` itself, so the endpoints are exactly the inputs.
 *
 * `planMorph` does the matching once; `plan.at(t)` is then cheap enough to call every frame: it only
 * interpolates values that differ and reuses everything else by reference.
 */
import type { AnyLayerType, LayerRegistry } from './defineLayer'
import { sceneType, SCENE_TARGET, type DreamDocument, type DreamLayer, type DreamModulation, type ModulationBinding, type ModulationSource } from './document'
import type { SourceRegistry } from '../modulation/defineSource'
import { sourceRegistry } from '../modulation/sources'
import { lerpParam, paramEquals, type ParamSpec, type ParamValue } from './params'
import type { SceneSettings } from './sceneSettings'

/** How one layer of the morphed document is made. */
interface LayerTrack {
  /** The layer as it looks at t = 0 (before the midpoint, id/type/blend come from here). */
  from: DreamLayer
  /** The layer as it looks at t = 1. */
  to: DreamLayer
  fromOpacity: number
  toOpacity: number
  /** Parameters whose values differ between the ends, with their specs; every other value is shared. */
  varying: { key: string; spec: ParamSpec; a: ParamValue; b: ParamValue }[]
  /** The values both ends agree on (the start of every interpolated params object). */
  constant: Record<string, ParamValue>
  enabled: boolean
}

export interface MorphPlan {
  readonly a: DreamDocument
  readonly b: DreamDocument
  /** The morphed document at t in [0, 1]. Layers keep the same ids, order and types for every 0 < t < 1. */
  at(t: number): DreamDocument
}

/** Pair layers of `a` with layers of `b`: same id first, then same type in stack order. */
export function matchLayers(a: readonly DreamLayer[], b: readonly DreamLayer[]): Map<DreamLayer, DreamLayer> {
  const pairs = new Map<DreamLayer, DreamLayer>()
  const taken = new Set<DreamLayer>()
  const bById = new Map(b.map((layer) => [layer.id, layer]))
  for (const layer of a) {
    const partner = bById.get(layer.id)
    if (partner && partner.type === layer.type) {
      pairs.set(layer, partner)
      taken.add(partner)
    }
  }
  for (const layer of a) {
    if (pairs.has(layer)) continue
    const partner = b.find((candidate) => !taken.has(candidate) && candidate.type === layer.type)
    if (partner) {
      pairs.set(layer, partner)
      taken.add(partner)
    }
  }
  return pairs
}

/**
 * The stack order of the morphed document: `b`'s order, with each layer of `a` that has no partner kept
 * right after the layer it followed in `a`. Paired layers appear once, where `b` puts them.
 */
function mergeOrder(a: readonly DreamLayer[], b: readonly DreamLayer[], pairs: Map<DreamLayer, DreamLayer>) {
  const partnerOfB = new Map<DreamLayer, DreamLayer>()
  for (const [fromA, toB] of pairs) partnerOfB.set(toB, fromA)
  // a-only layers grouped under the nearest paired layer before them in a (or at the front).
  const followers = new Map<DreamLayer | null, DreamLayer[]>()
  let anchor: DreamLayer | null = null
  for (const layer of a) {
    if (pairs.has(layer)) anchor = layer
    else followers.set(anchor, [...(followers.get(anchor) ?? []), layer])
  }
  const order: { from: DreamLayer | null; to: DreamLayer | null }[] = []
  for (const lone of followers.get(null) ?? []) order.push({ from: lone, to: null })
  for (const layer of b) {
    const fromA = partnerOfB.get(layer)
    order.push({ from: fromA ?? null, to: layer })
    if (fromA) for (const lone of followers.get(fromA) ?? []) order.push({ from: lone, to: null })
  }
  return order
}

function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id
  for (let n = 2; taken.has(candidate); n++) candidate = `${id.slice(0, 20)}-${n}`
  taken.add(candidate)
  return candidate
}

function makeTrack(from: DreamLayer, to: DreamLayer, layerType: AnyLayerType | undefined, fromOn: boolean, toOn: boolean): LayerTrack {
  const varying: LayerTrack['varying'] = []
  const constant: Record<string, ParamValue> = { ...from.params }
  if (layerType && from !== to) {
    for (const [key, spec] of Object.entries(layerType.params)) {
      const a = from.params[key] ?? spec.default
      const b = to.params[key] ?? spec.default
      if (paramEquals(a, b)) constant[key] = a
      else varying.push({ key, spec, a, b })
    }
  }
  return {
    from,
    to,
    fromOpacity: fromOn ? from.opacity : 0,
    toOpacity: toOn ? to.opacity : 0,
    varying,
    constant,
    enabled: fromOn || toOn,
  }
}

function sceneVaries(a: SceneSettings, b: SceneSettings): boolean {
  for (const key of Object.keys(sceneType.params) as (keyof SceneSettings)[]) if (!paramEquals(a[key], b[key])) return true
  return false
}

interface SourceTrack {
  id: string
  from: ModulationSource | null
  to: ModulationSource | null
}
interface BindingTrack {
  target: Pick<ModulationBinding, 'source' | 'layer' | 'param' | 'component'>
  from: ModulationBinding | null
  to: ModulationBinding | null
}

/**
 * The modulation tracks: `layerIdA` / `layerIdB` give the morphed id of each side's layers. Undefined when
 * neither document modulates anything.
 */
function planModulation(a: DreamDocument, b: DreamDocument, layerIdA: Map<string, string>, layerIdB: Map<string, string>, sources: SourceRegistry) {
  if (!a.modulation && !b.modulation) return undefined
  const ma = a.modulation ?? { sources: [], bindings: [] }
  const mb = b.modulation ?? { sources: [], bindings: [] }
  const sourceTracks: SourceTrack[] = ma.sources.map((source) => ({ id: source.id, from: source, to: null }))
  const taken = new Set(ma.sources.map((s) => s.id))
  const renamedB = new Map<string, string>()
  for (const source of mb.sources) {
    const match = sourceTracks.find((track) => track.id === source.id && track.from?.type === source.type)
    if (match) {
      match.to = source
      renamedB.set(source.id, source.id)
    } else {
      const id = uniqueId(source.id, taken)
      renamedB.set(source.id, id)
      sourceTracks.push({ id, from: null, to: source })
    }
  }
  const key = (t: BindingTrack['target']) => `${t.source}\u0000${t.layer}\u0000${t.param}\u0000${t.component ?? ''}`
  const bindingTracks = new Map<string, BindingTrack>()
  const layerOf = (ids: Map<string, string>, layer: string) => (layer === SCENE_TARGET ? layer : ids.get(layer))
  for (const binding of ma.bindings) {
    const layer = layerOf(layerIdA, binding.layer)
    if (layer === undefined) continue
    const target = { source: binding.source, layer, param: binding.param, component: binding.component }
    bindingTracks.set(key(target), { target, from: binding, to: null })
  }
  for (const binding of mb.bindings) {
    const layer = layerOf(layerIdB, binding.layer)
    const source = renamedB.get(binding.source)
    if (layer === undefined || source === undefined) continue
    const target = { source, layer, param: binding.param, component: binding.component }
    const track = bindingTracks.get(key(target))
    if (track) track.to = binding
    else bindingTracks.set(key(target), { target, from: null, to: binding })
  }
  const bindings = [...bindingTracks.values()]
  return (t: number): DreamModulation => {
    const late = t >= 0.5
    return {
      sources: sourceTracks.map(({ id, from, to }) => {
        const one = (late ? to ?? from : from ?? to)!
        if (!from || !to) return { id, type: one.type, params: one.params }
        const sourceType = sources.get(from.type)
        return { id, type: from.type, params: sourceType ? sourceType.lerp(from.params, to.params, t) : one.params }
      }),
      bindings: bindings.map(({ target, from, to }) => {
        const fade = from && to ? 1 : from ? 1 - t : t
        const depthA = from ? from.depth : to!.depth
        const depthB = to ? to.depth : from!.depth
        const offsetA = from ? from.offset : to!.offset
        const offsetB = to ? to.offset : from!.offset
        const binding: ModulationBinding = {
          source: target.source,
          layer: target.layer,
          param: target.param,
          depth: (depthA + (depthB - depthA) * t) * fade,
          offset: (offsetA + (offsetB - offsetA) * t) * fade,
          curve: (late ? to ?? from : from ?? to)!.curve,
        }
        if (target.component !== undefined) binding.component = target.component
        return binding
      }),
    }
  }
}

/** Match layers once; the plan then morphs at any t. */
export function planMorph(a: DreamDocument, b: DreamDocument, registry: LayerRegistry, sources: SourceRegistry = sourceRegistry): MorphPlan {
  const pairs = matchLayers(a.layers, b.layers)
  const takenIds = new Set<string>()
  const tracks: (LayerTrack & { id: string })[] = []
  const layerIdA = new Map<string, string>()
  const layerIdB = new Map<string, string>()
  for (const { from, to } of mergeOrder(a.layers, b.layers, pairs)) {
    const one = (from ?? to)!
    const layerType = registry.get(one.type)
    const track = makeTrack(from ?? to!, to ?? from!, layerType, !!from && from.enabled, !!to && to.enabled)
    // A paired layer keeps a's id throughout the morph (ids only switch at t = 1, where `b` is returned).
    const id = uniqueId(one.id, takenIds)
    tracks.push({ ...track, id })
    if (from) layerIdA.set(from.id, id)
    if (to) layerIdB.set(to.id, id)
  }
  const sceneChanges = sceneVaries(a.scene, b.scene)
  const modulationAt = planModulation(a, b, layerIdA, layerIdB, sources)

  return {
    a,
    b,
    at(t: number): DreamDocument {
      if (!(t > 0)) return a
      if (t >= 1) return b
      const late = t >= 0.5
      const layers: DreamLayer[] = new Array(tracks.length)
      for (let i = 0; i < tracks.length; i++) {
        const track = tracks[i]!
        let params = track.constant
        if (track.varying.length) {
          params = { ...track.constant }
          for (const v of track.varying) params[v.key] = v.spec.geometry ? (late ? v.b : v.a) : lerpParam(v.spec, v.a, v.b, t)
        }
        const side = late ? track.to : track.from
        layers[i] = {
          id: track.id,
          type: side.type,
          enabled: track.enabled,
          opacity: track.fromOpacity + (track.toOpacity - track.fromOpacity) * t,
          blend: side.blend,
          params,
        }
      }
      const doc: DreamDocument = {
        format: a.format,
        version: a.version,
        meta: late ? b.meta : a.meta,
        seed: late ? b.seed : a.seed,
        scene: sceneChanges ? (sceneType.lerp(a.scene, b.scene, t) as SceneSettings) : a.scene,
        layers,
      }
      if (modulationAt) doc.modulation = modulationAt(t)
      return doc
    },
  }
}

/** One-off morph (for many frames of the same pair, keep a plan from `planMorph`). */
export function morphDocuments(a: DreamDocument, b: DreamDocument, t: number, registry: LayerRegistry): DreamDocument {
  return planMorph(a, b, registry).at(t)
}
