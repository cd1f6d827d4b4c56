/**
 * Dream journey links: `#j=<payload>`, the same codec, limits and link reader as single dreamscapes
 * (src/preset/link.ts): at most 8,192 characters before decoding, inflated with the same cap, the envelope's
 * JSON through the same limits (nesting, sizes, unsafe keys), its fields through the same field repairs
 * (src/preset/fields.ts, param specs), then every stop through the one preset loader.
 *
 * Envelope (version 1):
 *   {"format":"dreamscape-journey","version":1,"title":"...","loop":true,
 *    "steps":[{"hold":8,"morph":6,"dream":<document, defaults omitted>}, ...]}
 * Deflate sees all stops in one stream, so the second and later stops cost little when they share layers.
 */
import { defineParams } from '../core/defineParams'
import type { LayerRegistry } from '../core/defineLayer'
import { DEFAULT_HOLD, DEFAULT_JOURNEY_TITLE, DEFAULT_MORPH, JOURNEY_LIMITS, type Journey, type JourneyStop } from '../core/journey'
import { p } from '../core/params'
import { PresetError, pathOf, Warnings, type PresetWarning } from './errors'
import { dropUnknownKeys, kindOf, sanitizeFields, sanitizeText } from './fields'
import { isJsonObject } from './json'
import { encodeLinkJson, LINK_ROUTES, linkUrl, readLinkJson } from './link'
import { loadPreset, readJsonText, throwFirst, type LoadOptions } from './load'
import { canonicalJson } from './serialize'
import { PRESET_LIMITS } from './limits'
import { quoteText } from './text'

export const JOURNEY_FORMAT = 'dreamscape-journey'
export const JOURNEY_VERSION = 1

export type JourneyLoadResult = { ok: true; journey: Journey; warnings: PresetWarning[] } | { ok: false; error: PresetError }

/** The envelope's own settings and each step's, declared like every other setting (defaults written once). */
const journeyFields = defineParams('journey', { loop: p.bool(true) })
const stepFields = defineParams('journey step', {
  hold: p.float(DEFAULT_HOLD, { min: 0, max: JOURNEY_LIMITS.maxHold }),
  morph: p.float(DEFAULT_MORPH, { min: 0, max: JOURNEY_LIMITS.maxMorph }),
})
const ENVELOPE_KEYS = new Set(['format', 'version', 'title', 'loop', 'steps'])
const STEP_KEYS = new Set(['hold', 'morph', 'dream'])

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
  return linkUrl(baseUrl, LINK_ROUTES.journey, encodeJourneyLink(journey, registry))
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
    dropUnknownKeys(json, ENVELOPE_KEYS, (key) => pathOf(key), warnings)
    const steps = json.steps
    if (!Array.isArray(steps) || steps.length < JOURNEY_LIMITS.minStops)
      throw new PresetError('invalid', 'steps', 'This journey has no dreamscapes in it.')
    if (steps.length > JOURNEY_LIMITS.stops)
      throw new PresetError('too-large', 'steps', `This journey has ${steps.length} dreamscapes; a journey holds at most ${JOURNEY_LIMITS.stops}.`)
    const stops: JourneyStop[] = []
    for (const [i, step] of steps.entries()) {
      const stopName = `Stop ${i + 1} of this journey`
      if (!isJsonObject(step)) throw new PresetError('invalid', pathOf('steps', i), `${stopName} is not a step (an object with "dream", "hold" and "morph").`)
      const at = (key: string) => pathOf('steps', i, key)
      dropUnknownKeys(step, STEP_KEYS, at, warnings)
      // A dreamscape inside a journey is JSON, never text holding JSON (that would skip the envelope's limits).
      if (!isJsonObject(step.dream))
        throw new PresetError('invalid', at('dream'), `${stopName} has no dreamscape: "dream" must be a dreamscape object, not ${step.dream === undefined ? 'missing' : kindOf(step.dream)}.`)
      const loaded = loadPreset(step.dream, { ...options, strict: false })
      if (!loaded.ok) {
        const inner = loaded.error
        throw new PresetError(inner.code, inner.path ? `${at('dream')}.${inner.path}` : at('dream'), `${stopName} is not a dreamscape that opens: ${inner.message}`)
      }
      warnings.addAll(loaded.warnings, at('dream'))
      stops.push({ document: loaded.document, ...sanitizeFields(stepFields, step, at, warnings) })
    }
    const title = sanitizeText(json.title, DEFAULT_JOURNEY_TITLE, JOURNEY_LIMITS.titleLength, 'title', warnings)
    const { loop } = sanitizeFields(journeyFields, json, (key) => pathOf(key), warnings)
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
    return loadJourney(readLinkJson(linkOrFragment, LINK_ROUTES.journey), options)
  } catch (error) {
    if (error instanceof PresetError) return { ok: false, error }
    throw error
  }
}
