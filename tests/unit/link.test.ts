import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { COST_BUDGET, documentCost } from '../../src/core/cost'
import { deflateSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import { createDocument, LIMITS } from '../../src/core/document'
import { registry } from '../../src/layers'
import { appendCrc32, bytesToBase64url, encodeUtf8 } from '../../src/preset/codec'
import { decodeLink, decodeLinkJson, encodeLink, encodeLinkJson, LINK_CODEC, readLink, shareUrl } from '../../src/preset/link'
import { loadPreset, PresetError, type LoadResult } from '../../src/preset/load'
import { PRESET_LIMITS } from '../../src/preset/limits'
import { documentArbitrary } from '../fixtures/arbitraries'
import { measureWithRetry } from '../fixtures/timing'

const root = join(import.meta.dirname, '../..')
const options = { registry }
/** A link payload holding arbitrary bytes (not necessarily JSON), compressed and checksummed like a real link. */
const payloadOf = (text: string | Uint8Array) => {
  const bytes = typeof text === 'string' ? encodeUtf8(text) : text
  return LINK_CODEC + bytesToBase64url(appendCrc32(deflateSync(bytes, { level: 9 }), bytes))
}

function refusedQuickly(run: () => LoadResult, code: string, path = '') {
  const attempt = measureWithRetry(run)
  const result = attempt.value
  if (result.ok) throw new Error(`expected ${code}, but it loaded`)
  expect(result.error).toBeInstanceOf(PresetError)
  expect({ code: result.error.code, path: result.error.path }).toEqual({ code, path })
  expect(result.error.message.length).toBeGreaterThan(20)
  expect(attempt.cpuMs).toBeLessThan(50)
  return result.error
}

describe('share links', () => {
  const doc = createDocument(registry, ['sky', 'nebula', 'stars', 'bloom'], 2045)
  const payload = encodeLink(doc, registry)

  it('are URL-safe and decode from a full URL, a fragment, "d=..." or the bare payload', () => {
    expect(payload).toMatch(/^2[A-Za-z0-9_-]+$/)
    const url = shareUrl('https://example.org/some/sub/path/index.html#old', doc, registry)
    expect(url).toBe(`https://example.org/some/sub/path/index.html#d=${payload}`)
    for (const form of [url, `#d=${payload}`, `d=${payload}`, payload, `#d=${payload}&t=12`, `  ${url}\n`]) {
      const result = decodeLink(form, options)
      expect(result.ok && result.document).toEqual(doc)
    }
  })

  it("'1' links (raw DEFLATE, made before the checksum) keep opening; new links carry a CRC-32 ('2')", () => {
    // made by the codec-1 release of `dreamscape link tests/fixtures/v1/full.json`
    const legacy = readFileSync(join(root, 'tests/fixtures/links/codec1-full.txt'), 'utf8').trim()
    expect(legacy).toMatch(/^#d=1/)
    const expected = loadPreset(readFileSync(join(root, 'tests/fixtures/v1/full.json'), 'utf8'), options)
    expect(decodeLink(legacy, options)).toEqual(expected)
    expect(expected.ok && encodeLink(expected.document, registry)).toMatch(/^2/)
    // the same document, damaged in one character of a checksummed link: refused with a sentence
    const fresh = encodeLink(doc, registry)
    const at = Math.floor(fresh.length / 2)
    const changed = fresh.slice(0, at) + (fresh[at] === 'A' ? 'B' : 'A') + fresh.slice(at + 1)
    const error = refusedQuickly(() => decodeLink(changed, options), 'bad-encoding')
    expect(error.message).toMatch(/^This link is damaged: /)
  })

  it('omit defaults: a fresh document is a short link', () => {
    expect(payload.length).toBeLessThan(200)
    const text = decodeLinkJson(payload)
    expect(text).not.toContain('"opacity"')
    expect(text).not.toContain('"speed"')
  })

  it('say what is wrong with links that hold no dreamscape', () => {
    refusedQuickly(() => decodeLink('https://example.org/viewer/', options), 'not-a-preset')
    refusedQuickly(() => decodeLink('#t=12', options), 'not-a-preset')
    refusedQuickly(() => decodeLink(`#j=${payload}`, options), 'not-a-preset')
    refusedQuickly(() => decodeLink('#d=', options), 'not-a-preset')
    refusedQuickly(() => decodeLink(payloadOf('{"format":"spreadsheet"}'), options), 'not-a-preset')
    expect(readLink(`#j=${payload}&d=x`).route).toBe('d')
  })

  it('round trip for generated valid documents: decodeLink(encodeLink(doc)) equals doc', () => {
    fc.assert(
      fc.property(documentArbitrary(registry), (generated) => {
        fc.pre(documentCost(generated, registry) <= COST_BUDGET) // strict mode refuses documents over the cost budget, by design
        const result = decodeLink(shareUrl('https://a.example/', generated, registry), { registry, strict: true })
        expect(result.ok && result.document).toEqual(generated)
      }),
      { numRuns: 150 },
    )
  }, 30_000)

  const presets = readdirSync(join(root, 'presets')).filter((f) => f.endsWith('.json') && f !== 'dreamscape.schema.json')
  const lengths: string[] = []
  afterAll(() => {
    if (lengths.length) console.log(`share link lengths ("#d=" + payload): ${lengths.join(', ')}`)
  })
  for (const file of presets)
    it(`presets/${file}: round trips through a link of at most 2,000 characters`, () => {
      const loaded = loadPreset(readFileSync(join(root, 'presets', file), 'utf8'), { registry, strict: true })
      if (!loaded.ok) throw loaded.error
      const url = shareUrl('https://dreamscape.example/', loaded.document, registry)
      const fragmentLength = url.length - 'https://dreamscape.example/'.length
      lengths.push(`${file.replace(/\.json$/, '')} ${fragmentLength}`)
      expect(fragmentLength).toBeLessThanOrEqual(2000)
      const result = decodeLink(url, { registry, strict: true })
      expect(result.ok && result.document).toEqual(loaded.document)
    })
})

describe('hostile links and files are refused before expensive work', () => {
  it('deflate bomb: 6 MB of zeros in a 7.8 KB link stops at the 256 KiB cap', () => {
    const bomb = payloadOf(new Uint8Array(6_000_000))
    expect(bomb.length).toBeLessThanOrEqual(PRESET_LIMITS.linkChars)
    refusedQuickly(() => decodeLink(`#d=${bomb}`, options), 'too-large')
    const jsonBomb = payloadOf(`{"format":"dreamscape","version":1,"meta":{"title":"${'z'.repeat(5_000_000)}"}}`)
    refusedQuickly(() => decodeLink(jsonBomb, options), 'too-large')
  })

  it('links over 8,192 characters are refused unread', () => {
    refusedQuickly(() => decodeLink(`#d=1${'A'.repeat(PRESET_LIMITS.linkChars)}`, options), 'too-large')
    refusedQuickly(() => decodeLink('x'.repeat(100_000), options), 'too-large')
  })

  it('100,000-deep nesting: as text, as a link and as a value, without recursion', () => {
    const deep = `{"format":"dreamscape","version":1,"meta":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const deepLink = payloadOf(deep)
    refusedQuickly(() => loadPreset(deep, options), 'too-deep')
    refusedQuickly(() => decodeLink(deepLink, options), 'too-deep')
    let value: unknown[] = []
    for (let i = 0; i < 100_000; i++) value = [value]
    refusedQuickly(() => loadPreset({ format: 'dreamscape', version: 1, meta: value }, options), 'too-deep', `meta${'[0]'.repeat(31)}`)
  })

  it('10,000 layers', () => {
    const layers = Array.from({ length: 10_000 }, () => ({ type: 'sky' }))
    const doc = { format: 'dreamscape', version: 1, layers }
    const link = encodeLinkJson(doc)
    refusedQuickly(() => decodeLink(link, options), 'too-large') // by the scan of the text, before parsing
    refusedQuickly(() => loadPreset(doc, options), 'too-large', 'layers')
    const justOver = { ...doc, layers: layers.slice(0, LIMITS.layers + 1) }
    const error = refusedQuickly(() => loadPreset(justOver, options), 'too-large', 'layers')
    expect(error.message).toMatch(`at most ${LIMITS.layers}`)
  })

  it('the costliest inputs the limits let through stay cheap', () => {
    // 32 layers, each with as many unknown parameters as an object may hold: thousands of repairs.
    const params = Object.fromEntries(Array.from({ length: PRESET_LIMITS.objectKeys }, (_, i) => [`unknown${i}`, 'x'.repeat(40)]))
    const doc = { format: 'dreamscape', version: 1, layers: Array.from({ length: LIMITS.layers }, () => ({ type: 'nebula', params })) }
    const text = JSON.stringify(doc)
    const link = encodeLinkJson(doc)
    for (const run of [() => loadPreset(text, options), () => decodeLink(link, options), () => loadPreset(doc, options)]) {
      const cost = measureWithRetry(run)
      expect(cost.cpuMs).toBeLessThan(50)
      const result = cost.value
      expect(result.ok && result.warnings.length).toBe(PRESET_LIMITS.warnings + 1)
      expect(result.ok && result.warnings.at(-1)?.message).toMatch(/^…and \d+ more problems like these/)
    }
    // Just over the value budget: refused from a scan of the text, before JSON.parse builds anything.
    const manyValues = `{"format":"dreamscape","version":1,"meta":{"title":"x"},"layers":[${'[0,0,0,0,0,0,0,0,0,0],'.repeat(PRESET_LIMITS.nodes / 11)}[]]}`
    refusedQuickly(() => loadPreset(manyValues, options), 'too-large')
  })

  it('1 MB strings', () => {
    const title = 'dream '.repeat(175_000)
    const doc = { format: 'dreamscape', version: 1, meta: { title } }
    const text = JSON.stringify(doc)
    const link = encodeLinkJson(doc)
    refusedQuickly(() => loadPreset(text, options), 'too-large')
    refusedQuickly(() => decodeLink(link, options), 'too-large')
    refusedQuickly(() => loadPreset(doc, options), 'too-large', 'meta.title')
  })

  it('1e999 and NaN become warnings (errors in strict mode), never values', () => {
    const text = '{"format":"dreamscape","version":1,"seed":1e999,"layers":[{"type":"nebula","opacity":-1e999,"params":{"scale":1e999}}]}'
    for (const source of [text, payloadOf(text)]) {
      const result = source === text ? loadPreset(source, options) : decodeLink(source, options)
      if (!result.ok) throw result.error
      expect(result.document.seed).toBe(1)
      expect(result.document.layers[0]!.opacity).toBe(1)
      expect(result.document.layers[0]!.params.scale).toBe(registry.get('nebula')!.defaults.scale)
      expect(result.warnings.map((w) => w.path)).toEqual(['seed', 'layers[0].params.scale', 'layers[0].opacity'])
    }
    refusedQuickly(() => loadPreset(text, { registry, strict: true }), 'invalid', 'seed')
    const nan = loadPreset({ format: 'dreamscape', version: 1, seed: Number.NaN, scene: { fov: Number.NaN } }, options)
    expect(nan.ok && [nan.document.seed, nan.document.scene.fov]).toEqual([1, 55])
    refusedQuickly(() => loadPreset('{"format":"dreamscape","version":1,"seed":NaN}', options), 'bad-json')
  })

  it('truncated links: every cut is a typed error', () => {
    const payload = encodeLink(createDocument(registry, ['sky', 'terrain', 'fireflies', 'grain'], 9), registry)
    const codes = new Set<string>()
    for (let cut = 0; cut < payload.length - 1; cut++) {
      const result = decodeLink(payload.slice(0, cut), options)
      expect(result.ok).toBe(false)
      if (!result.ok) codes.add(result.error.code)
    }
    expect([...codes].every((code) => ['bad-encoding', 'not-a-preset', 'bad-json'].includes(code))).toBe(true)
  })

  it('corrupted links: foreign characters, flipped bits, garbage, an unknown codec', () => {
    const payload = encodeLink(createDocument(registry, ['sky', 'stars'], 3), registry)
    refusedQuickly(() => decodeLink(`${payload.slice(0, 20)}%${payload.slice(21)}`, options), 'bad-encoding')
    refusedQuickly(() => decodeLink(`${payload.slice(0, 20)} ${payload.slice(21)}`, options), 'bad-encoding')
    refusedQuickly(() => decodeLink(`2${bytesToBase64url(new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 0x12]))}`, options), 'bad-encoding')
    refusedQuickly(() => decodeLink(payloadOf(new Uint8Array([0xc3, 0x28, 0xa0, 0xa1])), options), 'bad-encoding')
    refusedQuickly(() => decodeLink(`x${payload.slice(1)}`, options), 'bad-encoding')
    refusedQuickly(() => decodeLink(`7${payload.slice(1)}`, options), 'future-version')
    let loaded = 0
    for (let i = 1; i < payload.length; i++) {
      const flipped = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1)
      const result = decodeLink(flipped, options)
      if (result.ok) loaded++
      else expect(result.error).toBeInstanceOf(PresetError)
    }
    expect(loaded).toBeLessThan(payload.length / 2)
  })

  it('unknown layer types are skipped with a warning; presets from the future say so', () => {
    const withHologram = payloadOf('{"format":"dreamscape","version":1,"layers":[{"type":"hologram"},{"type":"sky"}]}')
    const result = decodeLink(withHologram, options)
    expect(result.ok && result.document.layers.map((l) => l.type)).toEqual(['sky'])
    expect(result.ok && result.warnings[0]).toMatchObject({ path: 'layers[0]', code: 'unknown-layer' })
    refusedQuickly(() => decodeLink(withHologram, { registry, strict: true }), 'unknown-layer', 'layers[0]')
    const future = refusedQuickly(() => decodeLink(payloadOf('{"format":"dreamscape","version":3,"layers":[]}'), options), 'future-version', 'version')
    expect(future.message).toMatch(/newer Dreamscape/)
  })

  it('__proto__ and constructor keys in a link never reach a prototype', () => {
    const poison = payloadOf('{"format":"dreamscape","version":1,"__proto__":{"polluted":1},"layers":[{"type":"sky","constructor":{"prototype":{"polluted":1}},"params":{"__proto__":{"polluted":1}}}]}')
    const result = decodeLink(poison, options)
    expect(result.ok).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(Object.prototype)).toEqual([])
    refusedQuickly(() => decodeLink(poison, { registry, strict: true }), 'invalid', '__proto__')
  })
})
