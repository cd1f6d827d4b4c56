/** Modulation core (issue 15): LFO and curve maths, binding maths, the modulator, the format, links, morph, ops. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Color, Uniform, Vector2 } from 'three'
import { describe, expect, it } from 'vitest'
import { createDocument, DOCUMENT_VERSION, LIMITS, SCENE_TARGET, type DreamDocument } from '../../src/core/document'
import { addBinding, addModulationSource, removeBinding, removeLayer, removeModulationSource, setLayerParams, updateBinding, updateModulationSource } from '../../src/core/documentOps'
import { createDreamStore } from '../../src/core/dreamStore'
import { planMorph } from '../../src/core/morph'
import { layerTypes, registry } from '../../src/layers'
import { colorToOklch, modulateNumber, modulatedColorLinear } from '../../src/modulation/apply'
import { applyCurve, CURVES } from '../../src/modulation/curves'
import { follow } from '../../src/modulation/defineSource'
import { createModulationInputs } from '../../src/modulation/inputs'
import { lfoFrequency, lfoSeed, lfoValue, LFO_SHAPES } from '../../src/modulation/lfo'
import { createModulator } from '../../src/modulation/modulator'
import { sourceRegistry } from '../../src/modulation/sources'
import { resolveBinding, UNBINDABLE_SCENE_PARAMS } from '../../src/modulation/targets'
import { writeLayerModulation } from '../../src/modulation/writeModulation'
import { createParamUniforms } from '../../src/scene/layerUniforms'
import type { LayerRuntime } from '../../src/scene/layerRuntimes'
import { hexToLinear } from '../../src/core/color'
import { Warnings } from '../../src/preset/errors'
import { decodeLink, encodeLink } from '../../src/preset/link'
import { loadPreset } from '../../src/preset/load'
import { migrateDocument } from '../../src/preset/migrations'
import { sanitizeModulation } from '../../src/preset/modulation'
import { documentSchema } from '../../src/preset/schema'
import { canonicalJson, serializePreset } from '../../src/preset/serialize'

const root = join(import.meta.dirname, '../..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const near = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) <= eps

describe('LFO maths', () => {
  it('every shape stays in 0..1 and is periodic', () => {
    const stream = lfoSeed(7, 'breath')
    for (const shape of LFO_SHAPES)
      for (let i = 0; i <= 400; i++) {
        const c = i * 0.0173 - 2
        const v = lfoValue(shape, c, stream)
        expect(v).toBeGreaterThanOrEqual(0)
        expect(v).toBeLessThanOrEqual(1)
        if (shape !== 'random') expect(near(v, lfoValue(shape, c + 3, stream), 1e-9)).toBe(true)
      }
  })
  it('shapes have their known values', () => {
    expect(lfoValue('sine', 0, 0)).toBeCloseTo(0.5)
    expect(lfoValue('sine', 0.25, 0)).toBeCloseTo(1)
    expect(lfoValue('sine', 0.75, 0)).toBeCloseTo(0)
    expect(lfoValue('triangle', 0, 0)).toBeCloseTo(0.5)
    expect(lfoValue('triangle', 0.25, 0)).toBeCloseTo(1)
    expect(lfoValue('triangle', 0.5, 0)).toBeCloseTo(0.5)
    expect(lfoValue('triangle', 0.75, 0)).toBeCloseTo(0)
    expect(lfoValue('saw', 0.3, 0)).toBeCloseTo(0.3)
    expect(lfoValue('square', 0.2, 0)).toBe(1)
    expect(lfoValue('square', 0.7, 0)).toBe(0)
  })
  it('the random shape is seeded (document seed + source id), continuous, and new each cycle', () => {
    const a = lfoSeed(1, 'drift')
    const values = Array.from({ length: 8 }, (_, k) => lfoValue('random', k, a))
    expect(new Set(values).size).toBe(8)
    expect(values).toEqual(Array.from({ length: 8 }, (_, k) => lfoValue('random', k, lfoSeed(1, 'drift'))))
    expect(lfoValue('random', 3, lfoSeed(2, 'drift'))).not.toBe(values[3])
    expect(lfoValue('random', 3, lfoSeed(1, 'drift2'))).not.toBe(values[3])
    // continuous: tiny steps give tiny changes, also across a cycle boundary
    for (let c = 0.9; c < 1.1; c += 0.001) expect(Math.abs(lfoValue('random', c + 0.001, a) - lfoValue('random', c, a))).toBeLessThan(0.01)
  })
  it('rate in Hz or in beats at a BPM, and phase', () => {
    expect(lfoFrequency('hz', 0.25, 120, 4)).toBe(0.25)
    expect(lfoFrequency('beats', 0.25, 120, 4)).toBe(0.5) // 2 beats a second, a cycle every 4 beats
    const lfo = sourceRegistry.get('lfo')!
    const evaluate = lfo.create(lfo.sanitize({ shape: 'saw', sync: 'beats', bpm: 90, beats: 3, phase: 0.25 }).values, { seed: 1, id: 'x' })
    const frame = { time: 1, dt: 0, inputs: createModulationInputs(), dream: { night: 0, crash: 0 } }
    const out = new Float64Array(2)
    evaluate(frame, out, 1)
    expect(out[1]).toBeCloseTo(0.25 + 0.5) // 1 s = 1.5 beats = half a cycle
  })
})

describe('curves', () => {
  it('map 0 to 0 and 1 to 1, stay in 0..1, and clamp their input', () => {
    for (const curve of CURVES) {
      expect(applyCurve(curve, 0)).toBeCloseTo(0)
      expect(applyCurve(curve, 1)).toBeCloseTo(1)
      expect(applyCurve(curve, -3)).toBeCloseTo(0)
      expect(applyCurve(curve, 7)).toBeCloseTo(1)
      for (let x = 0; x <= 1; x += 0.01) expect(applyCurve(curve, x)).toBeGreaterThanOrEqual(0)
    }
  })
  it('have their shapes: smooth is smoothstep, exp low then late, log its inverse, step at a half', () => {
    expect(applyCurve('smooth', 0.25)).toBeCloseTo(0.15625)
    expect(applyCurve('exp', 0.5)).toBeLessThan(0.2)
    expect(applyCurve('log', 0.5)).toBeGreaterThan(0.8)
    for (const x of [0.1, 0.5, 0.9]) expect(applyCurve('log', applyCurve('exp', x))).toBeCloseTo(x)
    expect(applyCurve('step', 0.49)).toBe(0)
    expect(applyCurve('step', 0.5)).toBe(1)
  })
})

describe('binding maths', () => {
  const float = { kind: 'float', min: 0, max: 2 } as const
  it('numbers: base + sum * range, clamped; ints rounded; angles wrap', () => {
    expect(modulateNumber(float, 1, 0.25)).toBe(1.5)
    expect(modulateNumber(float, 1, 0.9)).toBe(2)
    expect(modulateNumber(float, 1, -0.9)).toBe(0)
    expect(modulateNumber({ kind: 'int', min: 1, max: 8 }, 5, 0.2)).toBe(6) // 5 + 1.4 -> 6
    expect(modulateNumber({ kind: 'float', min: -180, max: 180, wrap: true } as never, 170, 0.1)).toBeCloseTo(-154)
    expect(modulateNumber(float, 1, Number.NaN)).toBe(1)
  })
  it('colours: lightness moves, chroma and hue too; always a valid linear colour', () => {
    const base = '#7f3fbf'
    const [L] = colorToOklch(base)
    const lighter = modulatedColorLinear(base, 0.2, 0, 0)
    const darker = modulatedColorLinear(base, -0.2, 0, 0)
    const sum = (c: number[]) => c[0]! + c[1]! + c[2]!
    expect(sum(lighter)).toBeGreaterThan(sum(hexToLinear(base)))
    expect(sum(darker)).toBeLessThan(sum(hexToLinear(base)))
    expect(L).toBeGreaterThan(0.4)
    // no shift: the base colour itself
    modulatedColorLinear(base, 0, 0, 0).forEach((c, i) => expect(c).toBeCloseTo(hexToLinear(base)[i]!, 4))
    // a full turn of hue is the same colour
    modulatedColorLinear(base, 0, 0, 1).forEach((c, i) => expect(c).toBeCloseTo(hexToLinear(base)[i]!, 4))
    for (const [dL, dC, dH] of [[5, 0, 0], [-5, 0, 0], [0, 3, 0.3], [0.3, -2, 0.7]] as const)
      for (const c of modulatedColorLinear(base, dL, dC, dH)) expect(c >= 0 && c <= 1).toBe(true)
  })
})

/** A document: sky + nebula, an LFO on the nebula scale, a pointer on a colour, an LFO on a vector component. */
function modulatedDocument(): DreamDocument {
  let doc = createDocument(registry, ['sky', 'nebula', 'kaleidoscope'], 9)
  doc = addModulationSource(doc, 'lfo')
  doc = addModulationSource(doc, 'pointer')
  doc = updateModulationSource(doc, 'lfo1', { params: { shape: 'square', rate: 1 } })
  const nebula = doc.layers[1]!.id
  doc = addBinding(doc, { source: 'lfo1', layer: nebula, param: 'scale', depth: 0.5 }, registry)
  doc = addBinding(doc, { source: 'pointer1', layer: doc.layers[0]!.id, param: 'zenith', depth: 0.5 }, registry)
  doc = addBinding(doc, { source: 'lfo1', layer: nebula, param: 'octaves', depth: 1 }, registry)
  return doc
}

describe('document ops, undo, and targets', () => {
  it('add, update and remove sources and bindings; no-ops return the same document', () => {
    const doc = modulatedDocument()
    expect(doc.modulation!.sources.map((s) => s.id)).toEqual(['lfo1', 'pointer1'])
    expect(doc.modulation!.bindings).toHaveLength(3)
    expect(updateModulationSource(doc, 'lfo1', { params: { rate: 1 } })).toBe(doc)
    expect(updateBinding(doc, 0, { depth: 0.5 })).toBe(doc)
    expect(updateBinding(doc, 0, { depth: -0.25 }).modulation!.bindings[0]!.depth).toBe(-0.25)
    expect(removeBinding(doc, 7)).toBe(doc)
    expect(removeBinding(doc, 0).modulation!.bindings).toHaveLength(2)
    const withoutLfo = removeModulationSource(doc, 'lfo1')
    expect(withoutLfo.modulation!.bindings.map((b) => b.source)).toEqual(['pointer1'])
    // removing a layer drops its bindings; the last source gone drops the field
    expect(removeLayer(doc, doc.layers[1]!.id).modulation!.bindings).toHaveLength(1)
    expect(removeModulationSource(withoutLfo, 'pointer1').modulation).toBeUndefined()
  })
  it('refuses what cannot be bound, with sentences', () => {
    const doc = modulatedDocument()
    const sky = doc.layers[0]!.id
    expect(() => addModulationSource(doc, 'theremin')).toThrow(/unknown modulation source type "theremin"/)
    expect(() => addBinding(doc, { source: 'nope', layer: sky, param: 'curve' }, registry)).toThrow(/no modulation source "nope"/)
    expect(() => addBinding(doc, { source: 'lfo1', layer: sky, param: 'followNight' }, registry)).toThrow(/a switch/)
    expect(() => addBinding(doc, { source: 'lfo1', layer: SCENE_TARGET, param: 'speed' }, registry)).toThrow(/dream clock/)
    expect(() => addBinding(doc, { source: 'lfo1', layer: 'ghost', param: 'scale' }, registry)).toThrow(/no layer "ghost"/)
    expect(() => addBinding(doc, { source: 'lfo1', layer: doc.layers[1]!.id, param: 'scale' }, registry)).toThrow(/already bound/)
    expect(() => addBinding(doc, { source: 'lfo1', layer: sky, param: 'curve', depth: 3 }, registry)).toThrow(/depth/)
    expect(() => updateModulationSource(doc, 'lfo1', { params: { rate: Number.NaN } })).toThrow(/rate/)
    let full = doc
    for (let i = full.modulation!.sources.length; i < LIMITS.sources; i++) full = addModulationSource(full, 'dream')
    expect(() => addModulationSource(full, 'dream')).toThrow(/at most 16/)
    expect(Object.keys(UNBINDABLE_SCENE_PARAMS)).toContain('speed')
  })
  it('every edit is one undo step in the store', () => {
    const store = createDreamStore(createDocument(registry, ['sky']))
    store.edit((doc) => addModulationSource(doc, 'lfo'))
    store.edit((doc) => addBinding(doc, { source: 'lfo1', layer: doc.layers[0]!.id, param: 'glowStrength' }, registry))
    store.edit((doc) => updateBinding(doc, 0, { depth: 0.8 }))
    expect(store.getState().document.modulation!.bindings[0]!.depth).toBe(0.8)
    store.undo()
    expect(store.getState().document.modulation!.bindings[0]!.depth).toBe(0.3)
    store.undo()
    expect(store.getState().document.modulation!.bindings).toHaveLength(0)
    store.undo()
    expect(store.getState().document.modulation).toBeUndefined()
  })
})

describe('format version 2', () => {
  it('a version 1 file migrates by adding nothing', () => {
    const v1 = JSON.parse(read('tests/fixtures/v1/full.json')) as Record<string, never>
    const { document, applied } = migrateDocument(v1)
    expect(applied).toEqual([1])
    expect(document).toEqual({ ...v1, version: DOCUMENT_VERSION })
    const loaded = loadPreset(v1, { registry, strict: true })
    expect(loaded.ok && loaded.document.modulation).toBeUndefined()
  })
  it('the v2 fixture loads strictly with every source type and kind of target', () => {
    const result = loadPreset(read('tests/fixtures/v2/modulated.json'), { registry, strict: true })
    if (!result.ok) throw result.error
    const modulation = result.document.modulation!
    expect(new Set(modulation.sources.map((s) => s.type))).toEqual(new Set(sourceRegistry.all.map((t) => t.type)))
    expect(modulation.bindings).toHaveLength(6)
    expect(documentSchema(registry).safeParse(canonicalJson(result.document, { registry })).success).toBe(true)
  })
  it('hostile modulation is repaired or dropped, each with a warning that has a path', () => {
    const layers = createDocument(registry, ['sky', 'nebula']).layers
    const sky = layers[0]!.id
    const notes = new Warnings(1000)
    const raw = {
      extra: 1,
      sources: [
        { id: 'ok', type: 'lfo', params: { rate: 99, shape: 'wobble', glitter: 1 } },
        { id: 'ok', type: 'lfo' },
        { id: 'bad id!', type: 'lfo' },
        { id: 'x'.repeat(25), type: 'lfo' },
        { id: 'alien', type: 'theremin' },
        { id: '__proto__', type: 'dream' },
        'not a source',
      ],
      bindings: [
        { source: 'ok', layer: sky, param: 'glowStrength', depth: Number.NaN, offset: 7, curve: 'wobbly' },
        { source: 'alien', layer: sky, param: 'glowStrength' },
        { source: 'ok', layer: 'ghost', param: 'scale' },
        { source: 'ok', layer: sky, param: 'nope' },
        { source: 'ok', layer: sky, param: 'followNight' },
        { source: 'ok', layer: sky, param: 'zenith', component: 5 },
        { source: 'ok', layer: SCENE_TARGET, param: 'speed' },
        { source: 'ok', layer: sky, param: 'glowStrength' },
        { source: 'ok', layer: sky, param: 'zenith', component: 1.5 },
        { source: 'ok', layer: sky, param: '\u202eevil\u0000', depth: 0.1 },
        null,
      ],
    }
    const modulation = sanitizeModulation(raw, layers, registry, notes)!
    expect(modulation.sources.map((s) => s.id)).toEqual(['ok', '__proto__'])
    expect(modulation.sources[0]!.params).toMatchObject({ rate: 30, shape: 'sine' })
    expect(modulation.bindings).toEqual([{ source: 'ok', layer: sky, param: 'glowStrength', depth: 0.3, offset: 1, curve: 'linear' }])
    const warnings = notes.list()
    const text = warnings.map((w) => `${w.path}: ${w.message}`).join('\n')
    for (const expected of [
      /^modulation\.extra: unknown key dropped/m,
      /sources\[0\]\.params\.rate: 99 is outside 0\.\.30/,
      /sources\[0\]\.params\.glitter: unknown parameter/,
      /sources\[1\]\.id: a second source called "ok"/,
      /sources\[2\]\.id: .*"bad id!"/,
      /sources\[4\]\.type: unknown source type "theremin"/,
      /bindings\[0\]\.depth: NaN is not a finite number/,
      /bindings\[0\]\.curve: expected one of/,
      /bindings\[1\]\.source: there is no source "alien"/,
      /bindings\[2\]\.layer: there is no layer "ghost"/,
      /bindings\[3\]\.param: .*no parameter "nope"/,
      /bindings\[4\]\.param: .*a switch/,
      /bindings\[5\]\.param: .*components 0\.\.2, not 5/,
      /bindings\[6\]\.param: .*dream clock/,
      /bindings\[7\]: "ok" is already bound/,
      /bindings\[8\]\.component: expected a component number/,
      /bindings\[10\]: expected a binding/,
    ])
      expect(text).toMatch(expected)
    // hostile text shows escaped, never acts
    expect(text.includes('\u202e') || text.includes('\u0000')).toBe(false)
    expect(text).toMatch(/\\u202eevil\\u0000/)
  })
  it('10^4 bindings: the first 64 kept, one warning says so (fast)', () => {
    const layers = createDocument(registry, ['sky']).layers
    const sources = Array.from({ length: 20 }, (_, i) => ({ id: `s${i}`, type: 'lfo' }))
    const params = ['glowStrength', 'glowHeight', 'curve', 'shimmer']
    const bindings = Array.from({ length: 10_000 }, (_, i) => ({ source: `s${i % 16}`, layer: layers[0]!.id, param: params[(i >> 4) % 4] }))
    const notes = new Warnings(1000)
    const start = performance.now()
    const modulation = sanitizeModulation({ sources, bindings }, layers, registry, notes)!
    expect(performance.now() - start).toBeLessThan(200)
    expect(modulation.sources).toHaveLength(16)
    expect(modulation.bindings).toHaveLength(64)
    const text = notes.list().map((w) => w.message).join('\n')
    expect(text).toMatch(/20 sources; at most 16 are allowed/)
    expect(text).toMatch(/10000 bindings; at most 64 are allowed/)
  })
  it('the example in docs/modulation-format.md loads strictly', () => {
    const example = /```json\n([\s\S]*?)\n```/.exec(read('docs/modulation-format.md'))![1]!
    const result = loadPreset(example, { registry, strict: true })
    if (!result.ok) throw result.error
    expect(result.document.modulation!.bindings).toHaveLength(4)
  })
  it('bindings survive a share link and a file round trip, defaults left out of the link', () => {
    const doc = modulatedDocument()
    const link = encodeLink(doc, registry)
    const opened = decodeLink(link, { registry, strict: true })
    if (!opened.ok) throw opened.error
    expect(opened.document).toEqual(doc)
    const compact = canonicalJson(doc, { registry, omitDefaults: true }).modulation as { bindings: Record<string, unknown>[] }
    expect(compact.bindings[1]).toEqual({ source: 'pointer1', layer: doc.layers[0]!.id, param: 'zenith', depth: 0.5 })
    const file = loadPreset(serializePreset(doc, { registry }), { registry, strict: true })
    expect(file.ok && file.document).toEqual(doc)
  })
})

describe('morphing bindings', () => {
  it('matched bindings interpolate depth, offset and source params; the others fade', () => {
    const a = modulatedDocument()
    const nebula = a.layers[1]!.id
    let b = updateBinding(a, 0, { depth: -0.5, offset: 0.2 })
    b = updateModulationSource(b, 'lfo1', { params: { rate: 3 } })
    b = removeBinding(b, 1) // pointer -> zenith only in a
    b = addModulationSource(b, 'dream')
    b = addBinding(b, { source: 'dream1', layer: nebula, param: 'warp', depth: 0.4, offset: 0.1 }, registry)
    const plan = planMorph(a, b, registry)
    expect(plan.at(0)).toBe(a)
    expect(plan.at(1)).toBe(b)
    const mid = plan.at(0.25).modulation!
    const find = (source: string, param: string) => mid.bindings.find((x) => x.source === source && x.param === param)!
    expect(find('lfo1', 'scale').depth).toBeCloseTo(0.5 + (-0.5 - 0.5) * 0.25)
    expect(find('lfo1', 'scale').offset).toBeCloseTo(0.05)
    expect(find('pointer1', 'zenith').depth).toBeCloseTo(0.5 * 0.75)
    expect(find('dream1', 'warp').depth).toBeCloseTo(0.4 * 0.25)
    expect(find('dream1', 'warp').offset).toBeCloseTo(0.1 * 0.25)
    expect(mid.sources.find((s) => s.id === 'lfo1')!.params.rate).toBeCloseTo(1 + 2 * 0.25)
  })
  it('bindings follow paired layers whose ids differ, and a source id reused for another type is kept apart', () => {
    const a = modulatedDocument()
    const b = structuredClone(a)
    b.layers[1]!.id = 'renamed'
    b.modulation!.bindings = b.modulation!.bindings.map((x) => (x.layer === a.layers[1]!.id ? { ...x, layer: 'renamed' } : x))
    b.modulation!.sources[1] = { id: 'pointer1', type: 'dream', params: { signal: 'crash' } }
    const mid = planMorph(a, b, registry).at(0.5).modulation!
    expect(mid.bindings.filter((x) => x.param === 'scale')).toHaveLength(1)
    expect(mid.bindings.find((x) => x.param === 'scale')!.layer).toBe(a.layers[1]!.id)
    expect(mid.sources.map((s) => `${s.id}:${s.type}`).sort()).toEqual(['lfo1:lfo', 'pointer1-2:dream', 'pointer1:pointer'])
  })
})

describe('the modulator', () => {
  const inputs = createModulationInputs()
  const dream = { night: 0.5, crash: 0 }

  it('evaluates sources on dream time and sums bindings into the same arrays every frame', () => {
    const doc = modulatedDocument()
    const modulator = createModulator()
    expect(modulator.update(doc, registry)).toBe(true)
    expect(modulator.update(doc, registry)).toBe(false)
    const values = modulator.values
    const sums = modulator.sums
    expect(modulator.evaluate(0.25, 1 / 60, inputs, dream)).toBe(values)
    expect(modulator.valueOf('lfo1')).toBe(1) // square, 1 Hz, first half
    expect(modulator.valueOf('pointer1')).toBe(0) // no pointer: rests at 0
    const scale = modulator.targets[0]!.params.find((p) => p.param === 'scale')!
    expect(sums[scale.slot]).toBeCloseTo(0.5)
    modulator.evaluate(0.75, 1 / 60, inputs, dream)
    expect(modulator.valueOf('lfo1')).toBe(0)
    expect(sums[scale.slot]).toBeCloseTo(0)
    for (let i = 0; i < 1000; i++) expect(modulator.evaluate(i / 60, 1 / 60, inputs, dream)).toBe(values)
    expect(modulator.sums).toBe(sums)
    // a param edit recompiles, and the arrays keep their identity
    expect(modulator.update(setLayerParams(doc, doc.layers[1]!.id, { warp: 1 }), registry)).toBe(true)
    expect(modulator.values).toBe(values)
    expect(modulator.sums).toBe(sums)
  })

  it('is deterministic: the same dream time gives the same values, whatever happened before', () => {
    let doc = createDocument(registry, ['sky'], 3)
    doc = addModulationSource(doc, 'lfo')
    doc = updateModulationSource(doc, 'lfo1', { params: { shape: 'random', rate: 0.7 } })
    const a = createModulator()
    const b = createModulator()
    a.update(doc, registry)
    b.update(doc, registry)
    for (let i = 0; i < 50; i++) a.evaluate(i * 0.37, 0.016, inputs, dream)
    a.evaluate(12.5, 0.016, inputs, dream)
    b.evaluate(12.5, 0, inputs, dream)
    expect(a.valueOf('lfo1')).toBe(b.valueOf('lfo1'))
  })

  it('smooths live inputs with attack and release on display time, and rests at 0 without input', () => {
    const out = new Float64Array(1)
    follow(out, 0, 1, 0.1, 0.1, 1)
    expect(out[0]).toBeCloseTo(1 - Math.exp(-1))
    for (let i = 0; i < 60; i++) follow(out, 0, 1, 1 / 60, 0.1, 1)
    const v = out[0]!
    expect(v).toBeGreaterThan(0.99)
    follow(out, 0, 0, 1, 0.1, 1)
    expect(out[0]).toBeCloseTo(v * Math.exp(-1))
    follow(out, 0, 0, 0, 0.1, 1) // a still (dt 0): nothing moves
    expect(out[0]).toBeCloseTo(v * Math.exp(-1))
    let doc = createDocument(registry, ['sky'])
    doc = addModulationSource(doc, 'audio')
    doc = updateModulationSource(doc, 'audio1', { params: { feature: 'onset', attack: 0, release: 0.5 } })
    const modulator = createModulator()
    modulator.update(doc, registry)
    const live = createModulationInputs()
    live.audio.onset = 1
    modulator.evaluate(0, 1 / 60, live, dream)
    expect(modulator.valueOf('audio1')).toBe(0) // not active: at rest
    live.audio.active = true
    modulator.evaluate(0, 1 / 60, live, dream)
    expect(modulator.valueOf('audio1')).toBe(1) // attack 0: at once
    live.audio.onset = 0
    modulator.evaluate(0, 0.5, live, dream)
    expect(modulator.valueOf('audio1')).toBeCloseTo(Math.exp(-1))
  })

  it('MIDI CC on one channel or any, notes, and pointer axes map to 0..1', () => {
    let doc = createDocument(registry, ['sky'])
    for (const type of ['midi', 'midi', 'pointer', 'dream']) doc = addModulationSource(doc, type)
    doc = updateModulationSource(doc, 'midi1', { params: { channel: 3, number: 74, smoothing: 0 } })
    doc = updateModulationSource(doc, 'midi2', { params: { message: 'note', channel: 0, number: 60, smoothing: 0 } })
    doc = updateModulationSource(doc, 'pointer1', { params: { axis: 'y', smoothing: 0 } })
    doc = updateModulationSource(doc, 'dream1', { params: { signal: 'crash' } })
    const live = createModulationInputs()
    live.midi.active = true
    live.midi.cc[2 * 128 + 74] = 0.6
    live.midi.cc[5 * 128 + 74] = 0.9 // another channel: ignored
    live.midi.notes[9 * 128 + 60] = 0.7
    live.pointer.active = true
    live.pointer.y = -0.5
    const modulator = createModulator()
    modulator.update(doc, registry)
    modulator.evaluate(0, 1 / 60, live, { night: 0.2, crash: 0.4 })
    expect(modulator.valueOf('midi1')).toBeCloseTo(0.6)
    expect(modulator.valueOf('midi2')).toBeCloseTo(0.7)
    expect(modulator.valueOf('pointer1')).toBeCloseTo(0.25)
    expect(modulator.valueOf('dream1')).toBeCloseTo(0.4)
  })

  it('writes uniforms: numbers clamped, ints rounded, vector components, colours; the apply step gets the values', () => {
    const doc = modulatedDocument()
    const kaleido = doc.layers[2]!
    const withVector = addBinding(doc, { source: 'lfo1', layer: kaleido.id, param: 'center', component: 1, depth: 0.5 }, registry)
    const modulator = createModulator()
    modulator.update(withVector, registry)
    const runtimeOf = (index: number) => {
      const layer = withVector.layers[index]!
      const layerType = registry.get(layer.type)!
      const applied: Record<string, unknown>[] = []
      const runtime: LayerRuntime = {
        layerType,
        params: createParamUniforms(layerType, layer.params),
        written: layer.params,
        setOpacity: () => undefined,
        apply: (values) => void applied.push({ ...values }),
      }
      return { runtime, applied, layer }
    }
    const sky = runtimeOf(0)
    const nebula = runtimeOf(1)
    const kal = runtimeOf(2)
    const live = createModulationInputs()
    live.pointer.active = true
    live.pointer.x = 1
    const write = () => {
      for (const target of modulator.targets) {
        const r = target.target === sky.layer.id ? sky : target.target === nebula.layer.id ? nebula : kal
        expect(writeLayerModulation(target, r.runtime, modulator.sums)).toBe(true)
      }
    }
    for (let frame = 0; frame < 60; frame++) modulator.evaluate(0.25, 1 / 60, live, dream)
    write()
    const scaleSpec = registry.get('nebula')!.params.scale as { min: number; max: number }
    expect(nebula.runtime.params.scale!.value).toBeCloseTo(Math.min(scaleSpec.max, (nebula.layer.params.scale as number) + 0.5 * (scaleSpec.max - scaleSpec.min)))
    // octaves is a cost knob: a binding may lower it, never raise it above the document's value (the cost budget)
    expect(nebula.runtime.params.octaves!.value).toBe(nebula.layer.params.octaves)
    const zenith = sky.runtime.params.zenith!.value as Color
    const base = new Color(sky.layer.params.zenith as string)
    expect(zenith.r + zenith.g + zenith.b).toBeGreaterThan(base.r + base.g + base.b + 0.05)
    const center = kal.runtime.params.center!.value as Vector2
    const centerBase = kal.layer.params.center as [number, number]
    expect(center.x).toBeCloseTo(centerBase[0])
    expect(center.y).not.toBeCloseTo(centerBase[1])
    expect(nebula.applied.at(-1)!.octaves).toBe(nebula.layer.params.octaves)
    expect(nebula.applied.at(-1)!.warp).toBe(nebula.layer.params.warp)
    // second half of the square: the LFO bindings rest at their offset (0): the base values again
    modulator.evaluate(0.75, 1 / 60, live, dream)
    write()
    expect(nebula.runtime.params.scale!.value).toBeCloseTo(nebula.layer.params.scale as number)
    expect(nebula.runtime.params.octaves!.value).toBe(nebula.layer.params.octaves)
    // lowered, it moves: whole numbers, clamped to the range (5 - 7 -> 1)
    const lowering = createModulator()
    lowering.update(updateBinding(withVector, 2, { depth: -1 }), registry)
    lowering.evaluate(0.25, 1 / 60, live, dream)
    for (const target of lowering.targets) if (target.target === nebula.layer.id) writeLayerModulation(target, nebula.runtime, lowering.sums)
    expect(nebula.runtime.params.octaves!.value).toBe(1)
  })
  it('refuses geometry parameters (the mesh would be rebuilt every frame)', () => {
    const doc = addModulationSource(createDocument(registry, ['terrain']), 'lfo')
    expect(() => addBinding(doc, { source: 'lfo1', layer: doc.layers[0]!.id, param: 'valley' }, registry)).toThrow(/geometry/)
  })

  it('a layer not mounted or not yet written is skipped; an unknown uniform is left alone', () => {
    const modulator = createModulator()
    modulator.update(modulatedDocument(), registry)
    modulator.evaluate(0, 0, createModulationInputs(), dream)
    expect(writeLayerModulation(modulator.targets[0]!, undefined, modulator.sums)).toBe(false)
    const runtime: LayerRuntime = { layerType: layerTypes[0]!, params: { other: new Uniform(1) }, written: null, setOpacity: () => undefined }
    expect(writeLayerModulation(modulator.targets[0]!, runtime, modulator.sums)).toBe(false) // no base values yet
    runtime.written = {}
    expect(writeLayerModulation(modulator.targets[0]!, runtime, modulator.sums)).toBe(true)
    expect(runtime.params.other!.value).toBe(1)
  })

  it('resolves targets only through the declarations', () => {
    const doc = modulatedDocument()
    expect(resolveBinding(doc, registry, { layer: SCENE_TARGET, param: 'fov' }).spec?.kind).toBe('float')
    expect(resolveBinding(doc, registry, { layer: SCENE_TARGET, param: 'cameraMotion' }).problem).toMatch(/a choice/)
    expect(resolveBinding(doc, registry, { layer: doc.layers[2]!.id, param: 'center' }).problem).toMatch(/vector: say which component/)
    expect(resolveBinding(doc, registry, { layer: doc.layers[0]!.id, param: 'zenith' }).spec?.kind).toBe('color')
    expect(resolveBinding(doc, registry, { layer: doc.layers[0]!.id, param: 'hasOwnProperty' }).problem).toMatch(/no parameter/)
  })
})
