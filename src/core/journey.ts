/**
 * A dream journey: a sequence of dreamscapes (stops), each held for a while and then morphed into the next.
 * Pure and clock-free: `journeyAt(journey, time, registry)` answers "what does the journey look like at
 * this second", so the viewer, a still export and the CLI all see the same frame for the same time.
 *
 * Per frame it is cheap: the layer matching of each segment is planned once and cached per journey; a hold
 * returns the stop's document itself (the scene then has nothing to update), a morph only interpolates the
 * values that differ.
 */
import type { LayerRegistry } from './defineLayer'
import { LIMITS, type DreamDocument, type DreamLayer } from './document'
import { limitDrawnLayers } from './cost'
import { matchLayers, planMorph, type MorphPlan } from './morph'

export interface JourneyStop {
  document: DreamDocument
  /** Seconds this dreamscape is shown as it is. */
  hold: number
  /** Seconds of morphing from this stop into the next (ignored on the last stop unless the journey loops). */
  morph: number
}

export interface Journey {
  title: string
  /** After the last stop, morph back into the first and start again. */
  loop: boolean
  stops: JourneyStop[]
}

/** Bounds every journey (and every journey link) is held to. */
export const JOURNEY_LIMITS = {
  stops: 12,
  minStops: 1,
  maxHold: 600,
  maxMorph: 600,
  titleLength: 120,
} as const

export const DEFAULT_HOLD = 8
export const DEFAULT_MORPH = 6
export const DEFAULT_JOURNEY_TITLE = 'A dream journey'

export function createJourney(
  documents: readonly DreamDocument[],
  { hold = DEFAULT_HOLD, morph = DEFAULT_MORPH, loop = true, title = DEFAULT_JOURNEY_TITLE } = {},
): Journey {
  if (documents.length < JOURNEY_LIMITS.minStops) throw new Error('a journey needs at least one dreamscape')
  if (documents.length > JOURNEY_LIMITS.stops) throw new Error(`a journey holds at most ${JOURNEY_LIMITS.stops} dreamscapes`)
  return { title, loop, stops: documents.map((document) => ({ document, hold, morph })) }
}

const clampSeconds = (x: number, max: number) => (Number.isFinite(x) ? Math.min(max, Math.max(0, x)) : 0)

/** Length of one pass in seconds (a looping journey repeats it forever). */
export function journeyDuration(journey: Journey): number {
  let total = 0
  journey.stops.forEach((stop, i) => {
    total += clampSeconds(stop.hold, JOURNEY_LIMITS.maxHold)
    if (journey.loop || i < journey.stops.length - 1) total += clampSeconds(stop.morph, JOURNEY_LIMITS.maxMorph)
  })
  return total
}

export interface JourneyPosition {
  /** The stop being held, or the stop being morphed away from. */
  stop: number
  /** The stop being morphed into (equal to `stop` during a hold). */
  next: number
  phase: 'hold' | 'morph'
  /** Morph progress 0..1 (0 during a hold). */
  t: number
  /** Seconds since the start of the current pass. */
  passTime: number
}

/** Where in the journey `time` (seconds since it started) falls. */
export function journeyPosition(journey: Journey, time: number): JourneyPosition {
  const count = journey.stops.length
  const duration = journeyDuration(journey)
  let local = Number.isFinite(time) ? Math.max(0, time) : 0
  if (journey.loop && duration > 0) local %= duration
  const passTime = local
  for (let i = 0; i < count; i++) {
    const stop = journey.stops[i]!
    const hold = clampSeconds(stop.hold, JOURNEY_LIMITS.maxHold)
    if (local < hold) return { stop: i, next: i, phase: 'hold', t: 0, passTime }
    local -= hold
    const last = i === count - 1
    if (last && !journey.loop) break
    const morph = clampSeconds(stop.morph, JOURNEY_LIMITS.maxMorph)
    if (local < morph) return { stop: i, next: (i + 1) % count, phase: 'morph', t: local / morph, passTime }
    local -= morph
  }
  // past the end of a journey that does not loop: the last dreamscape stays
  return { stop: count - 1, next: count - 1, phase: 'hold', t: 0, passTime }
}

/**
 * Give paired layers of consecutive stops the same id (the pairing morphs use: id, then type in order), so
 * the scene keeps the same layer objects across a stop boundary instead of remounting them.
 */
export function alignLayerIds(documents: readonly DreamDocument[]): DreamDocument[] {
  const aligned: DreamDocument[] = []
  for (const [i, doc] of documents.entries()) {
    const previous = aligned[i - 1]
    if (!previous) {
      aligned.push(doc)
      continue
    }
    const pairs = matchLayers(previous.layers, doc.layers)
    const renamed = new Map<DreamLayer, string>()
    for (const [from, to] of pairs) if (from.id !== to.id) renamed.set(to, from.id)
    if (!renamed.size) {
      aligned.push(doc)
      continue
    }
    const used = new Set(doc.layers.filter((layer) => !renamed.has(layer)).map((layer) => layer.id))
    const layers = doc.layers.map((layer) => {
      const id = renamed.get(layer)
      if (id === undefined || used.has(id)) return layer
      used.add(id)
      return { ...layer, id }
    })
    // Renames that would clash (contrived stacks) are not worth untangling: keep the stop as it was.
    const unique = new Set(layers.map((layer) => layer.id)).size === layers.length
    aligned.push(unique ? { ...doc, layers } : doc)
  }
  return aligned
}

interface JourneyCache {
  registry: LayerRegistry
  documents: DreamDocument[]
  plans: (MorphPlan | undefined)[]
}
const caches = new WeakMap<Journey, JourneyCache>()

function cacheFor(journey: Journey, registry: LayerRegistry): JourneyCache {
  let cache = caches.get(journey)
  if (!cache || cache.registry !== registry) {
    cache = { registry, documents: alignLayerIds(journey.stops.map((stop) => stop.document)), plans: [] }
    caches.set(journey, cache)
  }
  return cache
}

/**
 * The document to show `time` seconds into the journey. Treat journeys as immutable: the cache is keyed on
 * the journey object, so an edited journey must be a new object.
 */
export function journeyAt(journey: Journey, time: number, registry: LayerRegistry): DreamDocument {
  const cache = cacheFor(journey, registry)
  const position = journeyPosition(journey, time)
  const from = cache.documents[position.stop]!
  if (position.phase === 'hold') return from
  let plan = cache.plans[position.stop]
  if (!plan) {
    plan = planMorph(from, cache.documents[position.next]!, registry)
    cache.plans[position.stop] = plan
  }
  // fading-out and fading-in layers together may exceed what one document may draw: keep the most opaque
  return limitDrawnLayers(plan.at(position.t), LIMITS.layers)
}
