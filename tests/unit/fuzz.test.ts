/**
 * Fuzzing the one loader: generated and mutated JSON documents (as text and as values) and share links.
 * Whatever comes in, the loader returns a document or a PresetError (never throws, never an unexpected
 * failure), spends at most 50 ms of CPU on one input, and leaves Object.prototype alone.
 * The normal run does FUZZ_RUNS (default 10,000) cases; `npm run fuzz` runs 200,000.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { registry } from '../../src/layers'
import { bytesToBase64url, deflate, encodeUtf8 } from '../../src/preset/codec'
import { decodeLink, encodeLink, encodeLinkText, LINK_CODECS } from '../../src/preset/link'
import { loadPreset, PresetError, UNEXPECTED, type LoadResult } from '../../src/preset/load'
import { canonicalJson } from '../../src/preset/serialize'
import { createJourney, JOURNEY_LIMITS } from '../../src/core/journey'
import { decodeJourneyLink, encodeJourneyLink } from '../../src/preset/journeyLink'
import { documentArbitrary } from '../fixtures/arbitraries'
import { LIMITS } from '../../src/core/document'
import { resolveBinding } from '../../src/modulation/targets'
import { measureWithRetry } from '../fixtures/timing'

const TOTAL = Number(process.env.FUZZ_RUNS ?? 10_000)
const CATEGORIES = 5
const perCategory = Math.ceil(TOTAL / CATEGORIES)
const seed = Number(process.env.FUZZ_SEED ?? 20_450_101)
const stats = { cases: 0, loaded: 0, refused: new Map<string, number>(), wallMs: 0, cpuMs: 0, slowestCpuMs: 0, slowest: '', remeasured: 0, start: performance.now() }

function check(run: () => LoadResult, input?: unknown): void {
  const cost = measureWithRetry(run)
  const result = cost.value
  stats.cases++
  stats.wallMs += cost.wallMs
  stats.cpuMs += cost.cpuMs
  if (cost.attempts > 1) stats.remeasured++
  if (cost.cpuMs > stats.slowestCpuMs) {
    stats.slowestCpuMs = cost.cpuMs
    const text = typeof input === 'string' ? input : JSON.stringify(input) ?? String(input)
    stats.slowest = `${expect.getState().currentTestName?.split(' > ').pop()}: ${result.ok ? 'loaded' : result.error.code}, ${text.length} chars: ${text.slice(0, 80)}`
    if (process.env.FUZZ_SLOWEST) writeFileSync(process.env.FUZZ_SLOWEST, text)
  }
  if (result.ok) {
    stats.loaded++
    expect(Array.isArray(result.document.layers)).toBe(true)
  } else {
    expect(result.error).toBeInstanceOf(PresetError)
    expect((result.error as unknown as Record<symbol, unknown>)[UNEXPECTED]).toBeUndefined()
    expect(result.error.message.length).toBeGreaterThan(10)
    stats.refused.set(result.error.code, (stats.refused.get(result.error.code) ?? 0) + 1)
  }
  expect(cost.cpuMs).toBeLessThan(50)
}

const options = { registry }

// Valid documents are generated once into a pool (generation costs more than loading); every case then
// mutates a fresh copy of one, so cases stay varied while the run stays fast.
const pool = fc.sample(documentArbitrary(registry, 6), { numRuns: 400, seed }).map((doc) => ({
  full: JSON.stringify(canonicalJson(doc, { registry })),
  compact: JSON.stringify(canonicalJson(doc, { registry, omitDefaults: true })),
  payload: encodeLink(doc, registry),
}))
const pooled = fc.nat({ max: pool.length - 1 }).map((i) => pool[i]!)
const loadValue = (value: unknown) => () => loadPreset(value, options)

// --- mutations of valid documents (as parsed values) ---------------------------------------------------
const hostileKeys = ['__proto__', 'constructor', 'prototype', 'type', 'params', 'layers', 'version', 'format', 'id', 'x']
const hostileValues = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, 1e308, -0, '', '#ABC', 'hologram', 99, null, true),
  fc.constantFrom('[]', '{}', '{"type":"sky"}', '[1,2,3]').map((text) => JSON.parse(text) as unknown), // fresh each time: mutations edit in place
  fc.string({ maxLength: 8 }).map((s) => s.repeat(600)), // up to 4,800 characters: around the 4,096 string limit
  fc.nat({ max: 40 }).map((depth) => {
    let value: unknown = 0
    for (let i = 0; i < depth; i++) value = [value]
    return value
  }),
)
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add', 'duplicate'),
  key: fc.oneof(fc.constantFrom(...hostileKeys), fc.string({ maxLength: 12 })),
  value: hostileValues,
})

function containers(root: unknown): (Record<string, unknown> | unknown[])[] {
  const found: (Record<string, unknown> | unknown[])[] = []
  const stack = [root]
  while (stack.length) {
    const node = stack.pop()
    if (node && typeof node === 'object') {
      found.push(node as Record<string, unknown>)
      stack.push(...Object.values(node))
    }
  }
  return found
}

/** Own data properties even for "__proto__" (as JSON.parse makes them), never a prototype change. */
const put = (target: object, key: string | number, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })

function mutate(root: unknown, mutations: { at: number; kind: string; key: string; value: unknown }[]): unknown {
  for (const m of mutations) {
    const nodes = containers(root)
    const node = nodes[m.at % nodes.length]!
    const keys = Object.keys(node)
    const existing = keys.length ? (keys[m.at % keys.length] as string) : m.key
    if (m.kind === 'replace') put(node, Array.isArray(node) ? Number(existing) || 0 : existing, m.value)
    else if (m.kind === 'delete' && !Array.isArray(node)) delete (node as Record<string, unknown>)[existing]
    else if (m.kind === 'delete') (node as unknown[]).splice(Number(existing) || 0, 1)
    else if (m.kind === 'add' && !Array.isArray(node)) put(node, m.key, m.value)
    else if (m.kind === 'add') (node as unknown[]).push(m.value)
    else if (Array.isArray(node)) (node as unknown[]).push(...(node as unknown[]).slice(0, 40))
  }
  return root
}

const mutatedDocument = fc
  .tuple(pooled, fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([doc, compact, mutations]) => mutate(JSON.parse(compact ? doc.compact : doc.full), mutations))

// --- text-level damage to serialized documents -----------------------------------------------------------
const snippets = ['{', '}', '[', ']', '"', ',', ':', '\\', '1e999', '-1e999', 'NaN', 'null', '"__proto__":{"polluted":1},', '\u0000', '\ud800', '[[[[[[[[', '0x10', '"constructor":{"prototype":{"polluted":1}},']
const textEdit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 8 }), insert: fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 6 })) })
const damagedText = fc
  .tuple(pooled, fc.array(textEdit, { minLength: 1, maxLength: 4 }))
  .map(([doc, edits]) => {
    let text = doc.compact
    for (const edit of edits) {
      const at = edit.at % (text.length + 1)
      text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove)
    }
    return text
  })

// --- links: damaged payload text and damaged compressed bytes ---------------------------------------------
const damagedLink = fc
  .tuple(pooled, fc.array(fc.record({ at: fc.nat(), cut: fc.boolean(), char: fc.constantFrom(...'AZaz09-_AZaz09-_+/=%#&. '.split('')) }), { minLength: 1, maxLength: 4 }))
  .map(([doc, edits]) => {
    let payload = doc.payload
    for (const edit of edits) {
      const at = edit.at % payload.length
      payload = edit.cut ? payload.slice(0, Math.max(1, at)) : payload.slice(0, at) + edit.char + payload.slice(at + 1)
    }
    return `https://example.org/view/#d=${payload}`
  })
const corruptedBytes = fc
  .tuple(pooled, fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 6 }))
  .map(([doc, flips]) => {
    const bytes = deflate(encodeUtf8(doc.compact))
    for (const flip of flips) bytes[flip.at % bytes.length]! ^= flip.xor
    // the plain codec ('1', no checksum): corrupted bytes reach the inflater and the loader
    return LINK_CODECS.plain + bytesToBase64url(bytes)
  })
/** Links whose compressed content is whatever JSON (or mutated document) fast-check makes up. */
const arbitraryContentLink = fc
    .oneof(fc.json({ maxDepth: 4 }), mutatedDocument.map((value) => JSON.stringify(value)), fc.string({ maxLength: 200 }))
  .map((text) => encodeLinkText(text))

describe(`fuzz: ${TOTAL} generated and mutated documents and links (seed ${seed})`, () => {
  const runs = { numRuns: perCategory, seed }
  const timeout = Math.max(60_000, TOTAL * 10)

  it('mutated documents as values (hostile keys, non-finite numbers, deep and long values)', () => {
    fc.assert(fc.property(mutatedDocument, (value) => { check(loadValue(value), value) }), runs)
  }, timeout)

  it('mutated documents as JSON text, and arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedDocument.map((v) => JSON.stringify(v)), damagedText, fc.json({ maxDepth: 8 })), (text) => {
        check(() => loadPreset(text, options), text)
      }),
      runs,
    )
  }, timeout)

  it('damaged share links (cut, wrong characters)', () => {
    fc.assert(fc.property(damagedLink, (link) => { check(() => decodeLink(link, options), link) }), runs)
  }, timeout)

  it('links with corrupted compressed bytes', () => {
    fc.assert(fc.property(corruptedBytes, (link) => { check(() => decodeLink(link, options), link) }), runs)
  }, timeout)

  it('links carrying arbitrary JSON, mutated documents and noise', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryContentLink, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 })), (link) => {
        check(() => decodeLink(link, options), link)
      }),
      runs,
    )
  }, timeout)

  it('Object.prototype is untouched after every case', () => {
    expect(Object.keys(Object.prototype)).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(stats.cases).toBeGreaterThanOrEqual(TOTAL)
  })

  afterAll(() => {
    const refused = [...stats.refused.entries()].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ')
    console.log(
      `fuzz: ${stats.cases} cases in ${((performance.now() - stats.start) / 1000).toFixed(1)} s ` +
        `(loader ${(stats.wallMs / 1000).toFixed(1)} s wall, ${(stats.cpuMs / 1000).toFixed(1)} s cpu; slowest input ${stats.slowestCpuMs.toFixed(1)} ms cpu, ${stats.remeasured} remeasured after a first reading over 50 ms); ` +
        `${stats.loaded} loaded, refused: ${refused}\nslowest: ${stats.slowest}`,
    )
  })
})

// --- hostile modulation: mutations aimed at the sources and bindings ----------------------------------------
const modulated = pool.map((doc) => JSON.parse(doc.full) as Record<string, unknown>).filter((doc) => doc.modulation !== undefined)
const modulationMutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add', 'duplicate'),
  key: fc.oneof(fc.constantFrom('source', 'layer', 'param', 'component', 'depth', 'offset', 'curve', 'id', 'type', 'params', '__proto__'), fc.string({ maxLength: 12 })),
  value: fc.oneof(hostileValues, fc.constantFrom<unknown>('scene', 'speed', 'enabled', 'lfo', 'hologram', -1, 3, 0.5, 1e9)),
})
const mutatedModulation = fc
  .tuple(fc.nat({ max: modulated.length - 1 }), fc.array(modulationMutation, { minLength: 1, maxLength: 8 }))
  .map(([i, mutations]) => {
    const doc = structuredClone(modulated[i]!)
    mutate(doc.modulation, mutations)
    return doc
  })

describe('fuzz: hostile modulation blocks load into consistent modulation or none', () => {
  it('has modulated documents to mutate', () => expect(modulated.length).toBeGreaterThan(50))
  it('every kept binding reads a kept source and a bindable target; limits hold; the result reloads strictly', () => {
    fc.assert(
      fc.property(mutatedModulation, (value) => {
        const result = loadPreset(value, options)
        if (!result.ok) return
        const doc = result.document
        const modulation = doc.modulation
        if (!modulation) return
        const ids = new Set(modulation.sources.map((s) => s.id))
        expect(ids.size).toBe(modulation.sources.length)
        expect(modulation.sources.length).toBeLessThanOrEqual(LIMITS.sources)
        expect(modulation.bindings.length).toBeLessThanOrEqual(LIMITS.bindings)
        for (const binding of modulation.bindings) {
          expect(ids.has(binding.source)).toBe(true)
          expect(resolveBinding(doc, registry, binding).problem).toBeUndefined()
          expect(Number.isFinite(binding.depth) && Number.isFinite(binding.offset)).toBe(true)
        }
        const again = loadPreset(JSON.stringify(canonicalJson(doc, { registry })), { registry, strict: true })
        if (!again.ok && again.error.code !== 'over-budget') throw again.error
      }),
      { numRuns: Math.max(200, Math.ceil(TOTAL / 10)), seed },
    )
  })
  it('10^4 bindings through the loader: refused as too large before any work (the sanitizer alone keeps 64: modulation.test.ts)', () => {
    const doc = structuredClone(modulated[0]!) as { modulation: { bindings: unknown[] } }
    const first = doc.modulation.bindings[0] ?? { source: 'x', layer: 'scene', param: 'fov' }
    doc.modulation.bindings = Array.from({ length: 10_000 }, () => ({ ...(first as object) }))
    const result = loadPreset(doc, options)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('too-large')
  })
})

// --- damaged links of the built-in dreamscapes: an error, or the very same document ------------------------
const BASE64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const linkEdit = fc.record({
  kind: fc.constantFrom('replace', 'drop', 'insert'),
  at: fc.nat(),
  char: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...BASE64URL_CHARS.split('')) }, { weight: 1, arbitrary: fc.constantFrom('1', '2', '3', '=', '.', '%', ' ') }),
})
function damage(payload: string, edits: { kind: string; at: number; char: string }[]): string {
  let text = payload
  for (const edit of edits) {
    const at = edit.at % (text.length + (edit.kind === 'insert' ? 1 : 0))
    if (edit.kind === 'replace') text = text.slice(0, at) + edit.char + text.slice(at + 1)
    else if (edit.kind === 'drop') text = text.slice(0, at) + text.slice(at + 1)
    else text = text.slice(0, at) + edit.char + text.slice(at)
  }
  return text
}

describe('damaged links never open as a different dreamscape (checksummed codec)', () => {
  const root = join(import.meta.dirname, '../..')
  const presets = readdirSync(join(root, 'presets'))
    .filter((file) => file.endsWith('.json') && file !== 'dreamscape.schema.json')
    .map((file) => {
      const loaded = loadPreset(readFileSync(join(root, 'presets', file), 'utf8'), options)
      if (!loaded.ok) throw loaded.error
      return { file, document: loaded.document }
    })
  const canonical = (doc: Parameters<typeof canonicalJson>[0]) => JSON.stringify(canonicalJson(doc, { registry }))
  const perPreset = Math.max(400, Math.ceil(TOTAL / 25))
  const outcome = { cases: 0, refused: 0, same: 0 }
  afterAll(() => console.log(`damaged built-in links: ${outcome.cases} cases, ${outcome.refused} refused, ${outcome.same} opened as the same document, 0 as another`))

  it('has the built-in presets to damage', () => expect(presets.length).toBeGreaterThanOrEqual(3))

  for (const { file, document } of presets)
    it(`presets/${file}: a character replaced, dropped or inserted (1 to 3 times) never yields another document`, () => {
      const payload = encodeLink(document, registry)
      const original = canonical(document)
      fc.assert(
        fc.property(fc.array(linkEdit, { minLength: 1, maxLength: 3 }), (edits) => {
          const damaged = damage(payload, edits)
          const result = decodeLink(`#d=${damaged}`, options)
          outcome.cases++
          if (!result.ok) outcome.refused++
          else {
            outcome.same++
            expect(canonical(result.document), damaged).toBe(original)
          }
        }),
        { numRuns: perPreset, seed },
      )
    }, 120_000)

  it('a journey of built-in dreamscapes (as many as a journey holds): the same holds for journey links', () => {
    const journey = createJourney(presets.slice(0, JOURNEY_LIMITS.stops).map((p) => p.document))
    const payload = encodeJourneyLink(journey, registry)
    const original = journey.stops.map((stop) => canonical(stop.document)).join('\n')
    fc.assert(
      fc.property(fc.array(linkEdit, { minLength: 1, maxLength: 3 }), (edits) => {
        const result = decodeJourneyLink(`#j=${damage(payload, edits)}`, options)
        if (result.ok) expect(result.journey.stops.map((stop) => canonical(stop.document)).join('\n')).toBe(original)
      }),
      { numRuns: 200, seed },
    )
  }, 120_000)
})
