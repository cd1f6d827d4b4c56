/**
 * Dream journey links: `#j=<payload>`, the same codec and limits as single dreamscapes (src/preset/link.ts):
 * at most 8,192 characters before decoding, inflated with the same cap, the envelope's JSON through the
 * same limits (nesting, sizes, unsafe keys), then every stop through the one preset loader.
 *
 * Envelope (version 1):
 *   {"format":"dreamscape-journey","version":1,"title":"...","loop":true,
 *    "steps":[{"hold":8,"morph":6,"dream":<document, defaults omitted>}, ...]}
 * Deflate sees all stops in one stream, so the second and later stops cost little when they share layers.
 */
import type { LayerRegistry } from '../core/defineLayer'
import { JOURNEY_LIMITS, type Journey, type JourneyStop } from '../core/journey'
import { PresetError, pathOf, type PresetWarning } from './errors'
import { isJsonObject } from './json'
import { decodeLinkJson, encodeLinkJson, LINK_ROUTES, readLink } from './link'
import { loadPreset, readJsonText, type LoadOptions } from './load'
import { canonicalJson } from './serialize'
import { PRESET_LIMITS } from './limits'

export const JOURNEY_FORMAT = 'dreamscape-journey'
export const JOURNEY_VERSION = 1

export type JourneyLoadResult = { ok: true; journey: Journey; warnings: PresetWarning[] } | { ok: false; error: PresetError }

const round = (x: number) => Math.round(x * 1000) / 1000

/** The JSON a journey link carries. */
export function journeyJson(journey: Journey, registry: LayerRegistry) {
  return {
    format: JOURNEY_FORMAT,
    version: JOURNEY_VERSION,
    title: journey.title,
    loop: journey.loop,
    steps: journey.stops.map((stop) => ({
      hold: round(stop.hold),
      morph: round(stop.morph),
      dream: canonicalJson(stop.document, { registry, omitDefaults: true, schema: false }),
    })),
  }
}

/** The `j` payload of a journey. Throws when it would not fit in a link (the limit every link obeys). */
export function encodeJourneyLink(journey: Journey, registry: LayerRegistry): string {
  if (journey.stops.length > JOURNEY_LIMITS.stops) throw new Error(`a journey holds at most ${JOURNEY_LIMITS.stops} dreamscapes`)
  const payload = encodeLinkJson(journeyJson(journey, registry))
  if (payload.length > PRESET_LIMITS.linkChars)
    throw new Error(`this journey needs a ${payload.length}-character link; links hold at most ${PRESET_LIMITS.linkChars}. Use fewer or simpler stops.`)
  return payload
}

export function journeyShareUrl(baseUrl: string, journey: Journey, registry: LayerRegistry): string {
  const hash = baseUrl.indexOf('#')
  return `${hash >= 0 ? baseUrl.slice(0, hash) : baseUrl}#${LINK_ROUTES.journey}=${encodeJourneyLink(journey, registry)}`
}

function seconds(raw: unknown, fallback: number, max: number, path: string, warnings: PresetWarning[]): number {
  if (raw === undefined) return fallback
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    const value = Math.min(max, Math.max(0, raw))
    if (value !== raw) warnings.push({ path, message: `${raw} s is outside 0..${max} s; used ${value}`, code: 'invalid' })
    return value
  }
  warnings.push({ path, message: `expected a number of seconds; used ${fallback}`, code: 'invalid' })
  return fallback
}

/** Journey JSON text -> a journey whose every stop went through the preset loader. Never throws. */
export function loadJourney(text: string, options: LoadOptions): JourneyLoadResult {
  try {
    const warnings: PresetWarning[] = []
    const json = readJsonText(text, warnings)
    if (!isJsonObject(json) || json.format !== JOURNEY_FORMAT)
      throw new PresetError('not-a-preset', '', 'This is not a dream journey (it has no "format": "dreamscape-journey").')
    if (typeof json.version !== 'number' || json.version > JOURNEY_VERSION)
      throw new PresetError('future-version', 'version', 'This journey was made by a newer Dreamscape; update Dreamscape to open it.')
    const steps = json.steps
    if (!Array.isArray(steps) || steps.length < JOURNEY_LIMITS.minStops)
      throw new PresetError('invalid', 'steps', 'This journey has no dreamscapes in it.')
    if (steps.length > JOURNEY_LIMITS.stops)
      throw new PresetError('too-large', 'steps', `This journey has ${steps.length} dreamscapes; a journey holds at most ${JOURNEY_LIMITS.stops}.`)
    const stops: JourneyStop[] = []
    for (const [i, step] of steps.entries()) {
      if (!isJsonObject(step)) throw new PresetError('invalid', pathOf('steps', i), 'Each step of a journey must be an object.')
      const loaded = loadPreset(step.dream, options)
      if (!loaded.ok) {
        const inner = loaded.error
        throw new PresetError(inner.code, pathOf('steps', i, 'dream') + (inner.path ? `.${inner.path}` : ''), `Dreamscape ${i + 1}: ${inner.message}`)
      }
      for (const warning of loaded.warnings)
        warnings.push({ ...warning, path: pathOf('steps', i, 'dream') + (warning.path ? `.${warning.path}` : '') })
      stops.push({
        document: loaded.document,
        hold: seconds(step.hold, 8, JOURNEY_LIMITS.maxHold, pathOf('steps', i, 'hold'), warnings),
        morph: seconds(step.morph, 6, JOURNEY_LIMITS.maxMorph, pathOf('steps', i, 'morph'), warnings),
      })
    }
    const title = typeof json.title === 'string' ? json.title.slice(0, JOURNEY_LIMITS.titleLength) : 'A dream journey'
    const loop = typeof json.loop === 'boolean' ? json.loop : true
    if (options.strict && warnings.length > 0) throw new PresetError(warnings[0]!.code ?? 'invalid', warnings[0]!.path, warnings[0]!.message)
    return { ok: true, journey: { title, loop, stops }, warnings }
  } catch (error) {
    if (error instanceof PresetError) return { ok: false, error }
    throw error
  }
}

/** Opens a journey link (full URL, '#j=...', 'j=...' or the bare payload). Never throws for bad input. */
export function decodeJourneyLink(linkOrFragment: string, options: LoadOptions): JourneyLoadResult {
  try {
    const text = linkOrFragment.trim()
    const parts = /^[A-Za-z0-9_-]+$/.test(text) ? { route: LINK_ROUTES.journey, payload: text } : readLink(text)
    if (parts.route !== LINK_ROUTES.journey)
      throw new PresetError('not-a-preset', '', 'This link holds a single dreamscape, not a dream journey.')
    return loadJourney(decodeLinkJson(parts.payload), options)
  } catch (error) {
    if (error instanceof PresetError) return { ok: false, error }
    throw error
  }
}
