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
import { PresetError, pathOf, Warnings, type PresetWarning } from './errors'
import { isJsonObject, type JsonObject } from './json'
import { decodeLinkJson, encodeLinkJson, LINK_ROUTES, readLink } from './link'
import { loadPreset, readJsonText, throwFirst, type LoadOptions } from './load'
import { canonicalJson } from './serialize'
import { PRESET_LIMITS } from './limits'
import { quoteText, truncateText } from './text'

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

function seconds(raw: unknown, fallback: number, max: number, path: string, warnings: Warnings): number {
  if (raw === undefined) return fallback
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    const value = Math.min(max, Math.max(0, raw))
    if (value !== raw) warnings.add(path, `${raw} s is outside 0..${max} s; used ${value}`)
    return value
  }
  warnings.add(path, `expected a number of seconds; used ${fallback}`)
  return fallback
}

const ENVELOPE_KEYS = new Set(['format', 'version', 'title', 'loop', 'steps'])
const STEP_KEYS = new Set(['hold', 'morph', 'dream'])
const DEFAULT_TITLE = 'A dream journey'

function unknownKeys(object: JsonObject, known: ReadonlySet<string>, at: (key: string) => string, warnings: Warnings) {
  for (const key of Object.keys(object)) if (!known.has(key)) warnings.add(at(key), 'unknown key dropped.')
}

/** The envelope's version: a whole number from 1; newer than this Dreamscape knows is its own error. */
function checkVersion(version: unknown): void {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new PresetError('invalid', 'version', `This journey's version ${version === undefined ? 'is missing' : `(${quoteText(JSON.stringify(version) ?? typeof version, 20)}) is not a format version`}; it must be a whole number from 1.`)
  if (version > JOURNEY_VERSION) throw new PresetError('future-version', 'version', 'This journey was made by a newer Dreamscape; update Dreamscape to open it.')
}

/** Journey JSON text -> a journey whose every stop went through the preset loader. Never throws. */
export function loadJourney(text: string, options: LoadOptions): JourneyLoadResult {
  try {
    const warnings = new Warnings()
    const json = readJsonText(text, warnings)
    if (!isJsonObject(json) || json.format !== JOURNEY_FORMAT)
      throw new PresetError('not-a-preset', '', 'This is not a dream journey (it has no "format": "dreamscape-journey").')
    checkVersion(json.version)
    unknownKeys(json, ENVELOPE_KEYS, (key) => pathOf(key), warnings)
    const steps = json.steps
    if (!Array.isArray(steps) || steps.length < JOURNEY_LIMITS.minStops)
      throw new PresetError('invalid', 'steps', 'This journey has no dreamscapes in it.')
    if (steps.length > JOURNEY_LIMITS.stops)
      throw new PresetError('too-large', 'steps', `This journey has ${steps.length} dreamscapes; a journey holds at most ${JOURNEY_LIMITS.stops}.`)
    const stops: JourneyStop[] = []
    for (const [i, step] of steps.entries()) {
      const stopName = `Stop ${i + 1} of this journey`
      if (!isJsonObject(step)) throw new PresetError('invalid', pathOf('steps', i), `${stopName} is not a step (an object with "dream", "hold" and "morph").`)
      unknownKeys(step, STEP_KEYS, (key) => pathOf('steps', i, key), warnings)
      // A dreamscape inside a journey is JSON, never text holding JSON (that would skip the envelope's limits).
      if (!isJsonObject(step.dream))
        throw new PresetError('invalid', pathOf('steps', i, 'dream'), `${stopName} has no dreamscape: "dream" must be a dreamscape object, not ${step.dream === undefined ? 'missing' : typeof step.dream === 'string' ? 'text' : 'a ' + (Array.isArray(step.dream) ? 'list' : typeof step.dream)}.`)
      const loaded = loadPreset(step.dream, { ...options, strict: false })
      const at = pathOf('steps', i, 'dream')
      if (!loaded.ok) {
        const inner = loaded.error
        throw new PresetError(inner.code, inner.path ? `${at}.${inner.path}` : at, `${stopName} is not a dreamscape that opens: ${inner.message}`)
      }
      warnings.addAll(loaded.warnings, at)
      stops.push({
        document: loaded.document,
        hold: seconds(step.hold, 8, JOURNEY_LIMITS.maxHold, pathOf('steps', i, 'hold'), warnings),
        morph: seconds(step.morph, 6, JOURNEY_LIMITS.maxMorph, pathOf('steps', i, 'morph'), warnings),
      })
    }
    let title = DEFAULT_TITLE
    if (typeof json.title === 'string') {
      title = truncateText(json.title, JOURNEY_LIMITS.titleLength)
      if (title !== json.title) warnings.add('title', `${json.title.length} characters is longer than the ${JOURNEY_LIMITS.titleLength} allowed; shortened.`)
    } else if (json.title !== undefined) warnings.add('title', `expected text; used "${DEFAULT_TITLE}"`)
    let loop = true
    if (typeof json.loop === 'boolean') loop = json.loop
    else if (json.loop !== undefined) warnings.add('loop', 'expected true or false; used true')
    if (options.strict) throwFirst(warnings)
    return { ok: true, journey: { title, loop, stops }, warnings: warnings.list() }
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
