import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { COST_BUDGET, documentCost } from '../../src/core/cost'
import { describe, expect, it } from 'vitest'
import { DOCUMENT_VERSION, createDocument, sceneType } from '../../src/core/document'
import { registry } from '../../src/layers'
import { UNSAFE_KEYS } from '../../src/preset/json'
import { loadPreset, PresetError } from '../../src/preset/load'
import { checkMigrationChain, migrateDocument, migrations, type Migration } from '../../src/preset/migrations'
import { documentSchema } from '../../src/preset/schema'
import { documentJsonSchema } from '../../src/preset/jsonSchema'
import { canonicalJson, formatJson, serializePreset } from '../../src/preset/serialize'
import { documentArbitrary } from '../fixtures/arbitraries'

const root = join(import.meta.dirname, '../..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const load = (input: unknown, strict = false) => loadPreset(input, { registry, strict })
function loaded(input: unknown, strict = false) {
  const result = load(input, strict)
  if (!result.ok) throw new Error(`expected a document, got ${result.error.code} at "${result.error.path}": ${result.error.message}`)
  return result
}
function refused(input: unknown, strict = false) {
  const result = load(input, strict)
  if (result.ok) throw new Error('expected a PresetError')
  expect(result.error).toBeInstanceOf(PresetError)
  return result.error
}

describe('loader: repairs with warnings, refuses with a path and a sentence', () => {
  it('clamps, normalises, drops unknown parameters and keys, each with a path', () => {
    const result = loaded(read('tests/fixtures/hostile/out-of-range.json'))
    const layer = result.document.layers[0]!
    expect(layer.params.octaves).toBe(8)
    expect(layer.params.scale).toBe(0.1)
    expect(layer.params.colorA).toBe('#aabbcc')
    expect(layer.params).not.toHaveProperty('glitter')
    expect(layer.opacity).toBe(1)
    expect(layer.blend).toBe('screen') // nebula's own default blend
    expect(result.document.seed).toBe(0)
    expect(result.document.scene.speed).toBe(1)
    expect(result.document.scene.fov).toBe(55)
    const paths = result.warnings.map((w) => w.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'seed',
        'scene.speed',
        'scene.fov',
        'layers[0].opacity',
        'layers[0].blend',
        'layers[0].params.octaves',
        'layers[0].params.scale',
        'layers[0].params.glitter',
        'layers[0].params.colorA',
      ]),
    )
    // a sentence without its path (surfaces show the path beside it: "layers[2].opacity: at layers[2].opacity…" was issue 12)
    for (const warning of result.warnings) {
      expect(warning.message).toMatch(/^.{10,}[.)]$/)
      expect(warning.message).not.toContain(warning.path)
    }
    expect(result.warnings.find((w) => w.path === 'scene.speed')?.message).toMatch(/Infinity is not a finite number/)
  })

  it('skips unknown layer types with a warning; strict mode refuses them with their own code', () => {
    const text = read('tests/fixtures/hostile/unknown-layer.json')
    const result = loaded(text)
    expect(result.document.layers.map((l) => l.type)).toEqual(['sky'])
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: 'layers[1]', code: 'unknown-layer', message: expect.stringContaining('"hologram"') }),
    ])
    const error = refused(text, true)
    expect(error.code).toBe('unknown-layer')
    expect(error.path).toBe('layers[1]')
  })

  it('strict mode turns the first warning into an error and counts the rest', () => {
    const error = refused(read('tests/fixtures/hostile/out-of-range.json'), true)
    expect(error.code).toBe('invalid')
    expect(error.path).toBe('seed')
    expect(error.message).toMatch(/and \d+ more problems/)
  })

  it('says clearly when a preset comes from a newer version', () => {
    const error = refused(read('tests/fixtures/hostile/future-version.json'))
    expect(error.code).toBe('future-version')
    expect(error.path).toBe('version')
    expect(error.message).toMatch(/newer Dreamscape \(format version 99\).*up to version 2/)
  })

  it('never lets __proto__ or constructor keys reach a prototype', () => {
    const result = loaded(read('tests/fixtures/hostile/prototype-pollution.json'))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(result.document)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(result.document.layers[0]!.params)).toBe(Object.prototype)
    expect(result.warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining(['__proto__', 'constructor', 'meta.__proto__', 'layers[0].params.__proto__']),
    )
    // Objects built in JS with a real own __proto__ key (as JSON.parse makes them) are handled the same way.
    const value = JSON.parse('{"format":"dreamscape","version":1,"__proto__":{"polluted":1}}') as unknown
    expect(loaded(value).warnings[0]?.path).toBe('__proto__')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each([
    ['[1,2]', 'not-a-preset', ''],
    ['{"format":"photoshop"}', 'not-a-preset', ''],
    ['{"format":"dreamscape"', 'bad-json', ''],
    ['{"format":"dreamscape","version":"one"}', 'invalid', 'version'],
    ['{"format":"dreamscape"}', 'invalid', 'version'],
    ['{"format":"dreamscape","version":1,"layers":{}}', 'invalid', 'layers'],
    ['{"format":"dreamscape","version":1,"meta":[]}', 'invalid', 'meta'],
    ['{"format":"dreamscape","version":1,"scene":7}', 'invalid', 'scene'],
  ])('refuses %s as %s at "%s"', (text, code, path) => {
    const error = refused(text)
    expect(error.code).toBe(code)
    expect(error.path).toBe(path)
    expect(error.message.length).toBeGreaterThan(20)
  })

  it('gives layers without ids deterministic ones and repairs repeated ids', () => {
    const doc = loaded('{"format":"dreamscape","version":1,"layers":[{"type":"sky"},{"type":"stars","id":"l1"},{"type":"grain","id":"l1"}]}')
    expect(doc.document.layers.map((l) => l.id)).toEqual(['l2', 'l1', 'l3'])
    expect(doc.warnings.map((w) => w.path)).toEqual(['layers[2].id'])
  })

  it('restores every omitted default, and a compact file equals its full form', () => {
    const compact = loaded(read('tests/fixtures/v1/compact-link-form.json')).document
    expect(compact.scene.speed).toBe(1)
    expect(compact.layers[1]!.params.threshold).toBe(registry.get('bloom')!.defaults.threshold)
    const full = loaded(JSON.parse(serializePreset(compact)) as unknown).document
    expect(full).toEqual(compact)
  })

  it('no declared parameter is named like a key the loader refuses (it would be dropped from every preset)', () => {
    for (const [owner, params] of [...registry.all.map((t) => [t.type, t.params] as const), ['scene', sceneType.params] as const])
      for (const key of Object.keys(params)) expect(UNSAFE_KEYS.has(key), `${owner}.${key}`).toBe(false)
  })

  it('accepts parsed values as well as text, and refuses values that are not JSON', () => {
    const doc = createDocument(registry, ['sky', 'nebula'])
    expect(loaded(doc).document).toEqual(doc)
    expect(Object.is(loaded({ format: 'dreamscape', version: 1, scene: { nightPhase: -0 } }).document.scene.nightPhase, 0)).toBe(true)
    expect(refused({ format: 'dreamscape', version: 1, meta: new Date() }).code).toBe('invalid')
    expect(refused({ format: 'dreamscape', version: 1, seed: () => 1 }).path).toBe('seed')
    const cyclic: Record<string, unknown> = { format: 'dreamscape', version: 1 }
    cyclic.meta = cyclic
    expect(refused(cyclic).code).toBe('too-deep')
  })
})

describe('migrations', () => {
  it('the shipped chain lifts every older version exactly once', () => {
    expect(() => checkMigrationChain(migrations, DOCUMENT_VERSION)).not.toThrow()
  })

  const fixtureDirs = readdirSync(join(root, 'tests/fixtures')).filter((d) => /^v\d+$/.test(d))
  it('has fixtures for every version up to the current one', () => {
    const versions = fixtureDirs.map((d) => Number(d.slice(1))).sort((a, b) => a - b)
    expect(versions).toEqual(Array.from({ length: DOCUMENT_VERSION }, (_, i) => i + 1))
  })

  for (const dir of fixtureDirs)
    for (const file of readdirSync(join(root, 'tests/fixtures', dir)).filter((f) => f.endsWith('.json')))
      it(`fixture ${dir}/${file} loads strictly into a valid current document`, () => {
        const result = loaded(read(`tests/fixtures/${dir}/${file}`), true)
        expect(result.document.version).toBe(DOCUMENT_VERSION)
        expect(documentSchema(registry).safeParse(canonicalJson(result.document, { registry })).success).toBe(true)
      })

  // A pretend future: v1 -> v2 renames scene.speed to scene.timeScale, v2 -> v3 nests meta.author.
  const chain: Migration[] = [
    {
      from: 2,
      summary: 'meta.author becomes meta.credits.name',
      migrate: (doc) => {
        const { author, ...meta } = (doc.meta ?? {}) as Record<string, string>
        return { ...doc, meta: { ...meta, credits: { name: author ?? '' } } }
      },
    },
    {
      from: 1,
      summary: 'scene.speed becomes scene.timeScale',
      migrate: (doc) => {
        const { speed, ...scene } = (doc.scene ?? {}) as Record<string, number>
        return { ...doc, scene: speed === undefined ? scene : { ...scene, timeScale: speed } }
      },
    },
  ]
  it('a chain lifts a document through every step in order and sets the version', () => {
    expect(() => checkMigrationChain(chain, 3)).not.toThrow()
    const v1 = JSON.parse(read('tests/fixtures/v1/full.json')) as Record<string, never>
    const { document, applied } = migrateDocument(v1, { chain, target: 3 })
    expect(applied).toEqual([1, 2])
    expect(document.version).toBe(3)
    expect(document.scene).toMatchObject({ timeScale: 0.6 })
    expect(document.meta).toMatchObject({ credits: { name: 'Celeste' } })
    expect(v1.version).toBe(1) // the input is left untouched
  })

  it('a gap in the chain and a throwing step are typed errors, not crashes', () => {
    expect(() => checkMigrationChain([chain[0]!], 3)).toThrow(/from version 1/)
    const broken: Migration[] = [{ from: 1, summary: 'breaks', migrate: () => { throw new TypeError('boom') } }]
    const result = loadPreset(read('tests/fixtures/v1/minimal.json'), { registry, migrations: { chain: broken, target: 2 } })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/could not be upgraded \(breaks\): boom/)
  })
})

describe('serialization', () => {
  it('is canonical: "$schema" first, fixed key order, equal documents give equal text', () => {
    const doc = createDocument(registry, ['sky', 'nebula'], 42)
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))
          : value
    const shuffled = reversed(doc)
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(doc))
    const text = serializePreset(doc, { registry })
    expect(text.startsWith('{\n  "$schema": "./dreamscape.schema.json",\n  "format": "dreamscape",\n  "version": 2,')).toBe(true)
    expect(serializePreset(loaded(shuffled).document, { registry })).toBe(text)
    expect(text.endsWith('}\n')).toBe(true)
  })

  it('writes vectors on one line and can omit defaults', () => {
    const doc = createDocument(registry, ['sky'])
    const compact = canonicalJson(doc, { registry, omitDefaults: true })
    expect(compact).toEqual({ format: 'dreamscape', version: DOCUMENT_VERSION, layers: [{ id: doc.layers[0]!.id, type: 'sky' }] })
    expect(formatJson({ a: [1, 2, 3], b: [{ c: [0.5, 1] }] })).toBe('{\n  "a": [1, 2, 3],\n  "b": [\n    {\n      "c": [0.5, 1]\n    }\n  ]\n}')
    expect(loaded(compact).document).toEqual(doc)
  })

  it('round trip for generated valid documents: load(serialize(doc)) equals doc, in both forms', () => {
    fc.assert(
      fc.property(documentArbitrary(registry), (doc) => {
        fc.pre(documentCost(doc, registry) <= COST_BUDGET) // strict mode refuses documents over the cost budget, by design
        expect(loaded(serializePreset(doc, { registry }), true).document).toEqual(doc)
        expect(loaded(canonicalJson(doc, { registry, omitDefaults: true }), true).document).toEqual(doc)
      }),
      { numRuns: 200 },
    )
  }, 30_000)
})

describe('JSON Schema', () => {
  it('presets/dreamscape.schema.json matches the code (run `npm run schema` after changing declarations)', () => {
    expect(read('presets/dreamscape.schema.json')).toBe(documentJsonSchema(registry))
  })

  it('describes every registered layer type and its parameters', () => {
    const schema = JSON.parse(documentJsonSchema(registry)) as { properties: { layers: { items: { oneOf: { properties: { type: { const: string } } }[] } } } }
    const types = schema.properties.layers.items.oneOf.map((o) => o.properties.type.const)
    expect(types).toEqual(registry.all.map((t) => t.type))
  })

  it('accepts every canonical serialization and rejects what the loader would repair', () => {
    const schema = documentSchema(registry)
    fc.assert(
      fc.property(documentArbitrary(registry, 4), (doc) => {
        expect(schema.safeParse(JSON.parse(serializePreset(doc, { registry }))).success).toBe(true)
      }),
      { numRuns: 100 },
    )
    expect(schema.safeParse(JSON.parse(read('tests/fixtures/hostile/out-of-range.json'))).success).toBe(false)
  }, 30_000)
})

describe('built-in presets', () => {
  const files = readdirSync(join(root, 'presets')).filter((f) => f.endsWith('.json') && f !== 'dreamscape.schema.json')
  it('there are built-in presets to check (at least eight of Celeste\'s dreamscapes)', () => {
    expect(files.length).toBeGreaterThanOrEqual(8)
  })
  for (const file of files)
    it(`${file}: loads strictly, round-trips, matches the JSON Schema and points at it`, () => {
      const text = read(`presets/${file}`)
      const { document } = loaded(text, true)
      expect(loaded(serializePreset(document, { registry }), true).document).toEqual(document)
      expect(JSON.parse(text).$schema).toBe('./dreamscape.schema.json')
      expect(documentSchema(registry).safeParse(JSON.parse(text)).success).toBe(true)
    })
})
