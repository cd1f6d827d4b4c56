import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { createJourney, journeyAt, JOURNEY_LIMITS } from '../../src/core/journey'
import { registry } from '../../src/layers'
import { encodeLinkJson, encodeLink } from '../../src/preset/link'
import { loadPreset } from '../../src/preset/load'
import { canonicalJson } from '../../src/preset/serialize'
import { decodeJourneyLink, encodeJourneyLink, journeyShareUrl } from '../../src/preset/journeyLink'
import { PRESET_LIMITS } from '../../src/preset/limits'

const presetFiles = readdirSync('presets').filter((name) => name.endsWith('.json') && !name.includes('schema'))
const builtIn = presetFiles.map((name) => {
  const result = loadPreset(readFileSync(`presets/${name}`, 'utf8'), { registry })
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.document
})
const options = { registry }
const canonical = (doc: Parameters<typeof canonicalJson>[0]) => JSON.stringify(canonicalJson(doc, { registry }))

describe('journey links', () => {
  test('a journey of built-in dreamscapes survives the round trip', () => {
    expect(builtIn.length).toBeGreaterThanOrEqual(3)
    const journey = { ...createJourney(builtIn.slice(0, 4), { hold: 7.5, morph: 5 }), title: 'Zara walks home' }
    journey.stops[1]!.hold = 3
    const url = journeyShareUrl('https://example.org/dream/#old', journey, registry)
    expect(url).toMatch(/^https:\/\/example\.org\/dream\/#j=2/)
    const decoded = decodeJourneyLink(url, options)
    if (!decoded.ok) throw decoded.error
    expect(decoded.warnings).toEqual([])
    expect(decoded.journey.title).toBe('Zara walks home')
    expect(decoded.journey.loop).toBe(true)
    expect(decoded.journey.stops.map((s) => [s.hold, s.morph])).toEqual([[7.5, 5], [3, 5], [7.5, 5], [7.5, 5]])
    decoded.journey.stops.forEach((stop, i) => expect(canonical(stop.document)).toBe(canonical(journey.stops[i]!.document)))
    // and it plays the same
    for (const t of [1, 9, 20.5]) expect(canonical(journeyAt(decoded.journey, t, registry))).toBe(canonical(journeyAt(journey, t, registry)))
  })

  test('as many built-in dreamscapes as a journey holds fit the link limit, and sharing stops costs less than separate links', () => {
    const stops = builtIn.slice(0, JOURNEY_LIMITS.stops)
    const journey = createJourney(stops)
    const payload = encodeJourneyLink(journey, registry)
    const separate = stops.reduce((sum, doc) => sum + encodeLink(doc, registry).length, 0)
    console.log(`journey of ${stops.length} built-ins: ${payload.length} chars (separate links: ${separate})`)
    expect(payload.length).toBeLessThanOrEqual(PRESET_LIMITS.linkChars)
    expect(payload.length).toBeLessThan(separate)
    expect(decodeJourneyLink(`#j=${payload}`, options).ok).toBe(true)
    expect(decodeJourneyLink(`j=${payload}`, options).ok).toBe(true)
    expect(decodeJourneyLink(payload, options).ok).toBe(true)
  })

  test('a journey too big for a link is refused when encoding', () => {
    let state = 12345
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648)
    const noise = () => Array.from({ length: 900 }, () => String.fromCharCode(35 + Math.floor(random() * 56))).join('')
    const docs = Array.from({ length: 12 }, (_, i) => builtIn[i % builtIn.length]!)
    const journey = createJourney(docs.map((doc) => ({ ...doc, meta: { ...doc.meta, description: noise() } })))
    expect(() => encodeJourneyLink(journey, registry)).toThrow(/links hold at most 8192/)
  })

  test('hostile or wrong payloads give typed errors, never exceptions', () => {
    const step = { hold: 1, morph: 1, dream: canonicalJson(builtIn[0]!, { registry, omitDefaults: true, schema: false }) }
    const cases: [string, string][] = [
      [encodeLinkJson({ format: 'dreamscape', version: 1 }), 'not-a-preset'],
      [encodeLinkJson({ format: 'dreamscape-journey', version: 99, steps: [step] }), 'future-version'],
      [encodeLinkJson({ format: 'dreamscape-journey', version: 1, steps: [] }), 'invalid'],
      [encodeLinkJson({ format: 'dreamscape-journey', version: 1, steps: Array(13).fill(step) }), 'too-large'],
      [encodeLinkJson({ format: 'dreamscape-journey', version: 1, steps: [step, 'x'] }), 'invalid'],
      [encodeLinkJson({ format: 'dreamscape-journey', version: 1, steps: [{ ...step, dream: { format: 'nope' } }] }), 'not-a-preset'],
      ['1' + 'A'.repeat(PRESET_LIMITS.linkChars), 'too-large'],
      ['1!!!!', 'bad-encoding'],
      [encodeLinkJson({ format: 'dreamscape-journey', version: 1, steps: [step], deep: JSON.parse('['.repeat(60) + ']'.repeat(60)) }), 'too-deep'],
    ]
    for (const [payload, code] of cases) {
      const result = decodeJourneyLink(`#j=${payload}`, options)
      expect(result.ok, code).toBe(false)
      if (!result.ok) expect(result.error.code, payload.slice(0, 40)).toBe(code)
    }
    const single = decodeJourneyLink(`#d=${encodeLink(builtIn[0]!, registry)}`, options)
    expect(single.ok).toBe(false)
    if (!single.ok) expect(single.error.message).toMatch(/single dreamscape/)
  })

  test('out-of-range durations are clamped with a warning (and refused in strict mode)', () => {
    const dream = canonicalJson(builtIn[0]!, { registry, omitDefaults: true, schema: false })
    const payload = encodeLinkJson({ format: 'dreamscape-journey', version: 1, steps: [{ hold: -5, morph: 1e9, dream }, { dream }] })
    const result = decodeJourneyLink(payload, options)
    if (!result.ok) throw result.error
    expect(result.journey.stops[0]).toMatchObject({ hold: 0, morph: 600 })
    expect(result.journey.stops[1]).toMatchObject({ hold: 8, morph: 6 })
    expect(result.warnings.map((w) => w.path)).toEqual(['steps[0].hold', 'steps[0].morph'])
    expect(decodeJourneyLink(payload, { registry, strict: true }).ok).toBe(false)
  })
})

describe('the journey envelope is checked as strictly as a preset (issue 10 item 7)', () => {
  const dream = canonicalJson(builtIn[0]!, { registry, omitDefaults: true, schema: false })
  const envelope = (fields: Record<string, unknown>) => encodeLinkJson({ format: 'dreamscape-journey', version: 1, steps: [{ dream }], ...fields })
  const refusal = (payload: string) => {
    const result = decodeJourneyLink(payload, options)
    if (result.ok) throw new Error('expected a refusal')
    return result.error
  }

  test('the version is a whole number from 1; "1" and null are malformed, not newer', () => {
    for (const version of [0, -1, 0.5, '1', null, true, []]) {
      const error = refusal(envelope({ version }))
      expect({ version, code: error.code, path: error.path }).toEqual({ version, code: 'invalid', path: 'version' })
      expect(error.message).not.toMatch(/newer/)
    }
    expect(refusal(envelope({ version: 2 })).code).toBe('future-version')
    expect(decodeJourneyLink(envelope({ version: 1 }), options).ok).toBe(true)
  })

  test('a stop given as JSON text is refused, not parsed', () => {
    const error = refusal(envelope({ steps: [{ dream: JSON.stringify(dream) }] }))
    expect({ code: error.code, path: error.path }).toEqual({ code: 'invalid', path: 'steps[0].dream' })
    expect(error.message).toMatch(/Stop 1 .*dreamscape object/)
  })

  test('a bad stop is reported as that stop, with its path', () => {
    const error = refusal(envelope({ steps: [{ dream }, { dream: { format: 'dreamscape', version: 1, layers: 'none' } }] }))
    expect(error.path).toBe('steps[1].dream.layers')
    expect(error.message).toMatch(/^Stop 2 of this journey/)
  })

  test('over-long titles and unknown keys are warnings, so strict mode catches them', () => {
    const title = `${'t'.repeat(119)}😀 and more`
    const payload = envelope({ title, extra: 1, steps: [{ dream, hold: 2, colour: 'red' }] })
    const result = decodeJourneyLink(payload, options)
    if (!result.ok) throw result.error
    expect(result.journey.title).toBe('t'.repeat(119)) // never half an emoji
    expect(result.warnings.map((w) => w.path).sort()).toEqual(['extra', 'steps[0].colour', 'title'])
    const strict = decodeJourneyLink(payload, { registry, strict: true })
    expect(strict.ok).toBe(false)
    expect(decodeJourneyLink(envelope({ title: 'fine' }), { registry, strict: true }).ok).toBe(true)
  })
})
