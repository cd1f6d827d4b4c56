/**
 * Photosensitive safety against a hostile artist: generated worst-case documents (fast-check, seeded so a failure
 * can be replayed) and a hand-written worst case per glitch layer, rendered in real Chromium with a stepped clock
 * (every frame at 60 fps, read back in the same task) and analysed per region (windows sized like a 10 degree
 * field, see flashAnalyser.ts). With the limiter on: no FAIL and no EXTENDED FAIL anywhere on the screen. With
 * it off, the worst case must FAIL, so the test can fail.
 *
 * Replay: VITE_FLASH_SEED=<seed> (and VITE_FLASH_RUNS=<n>) reruns the same documents; a failure prints its seed,
 * its path and the document.
 */
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import { createDocument, type DreamDocument, type DreamLayer } from '../../src/core/document'
import type { AnyLayerType } from '../../src/core/defineLayer'
import type { ParamSpec, ParamValue } from '../../src/core/params'
import { layerTypes, registry } from '../../src/layers'
import { FlashAnalyser, type FlashReport } from '../../src/safety/flashAnalyser'
import { addBinding, addModulationSource, updateModulationSource } from '../../src/core/documentOps'
import { createDreamStore } from '../../src/core/dreamStore'
import { createModulationInputs, type ModulationInputs } from '../../src/modulation/inputs'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene } from '../../src/scene/DreamScene'
import { mountFixedSize } from '../../src/scene/fixedSizeRoot'
import { mountDream, readiness, unmountRoot } from './harness'

const W = 192
const H = 108
const FPS = 60
/** Five seconds: long enough for the extended rule (4 s of 4-6 transitions within 5 s) to show. */
const SECONDS = 5
/** The fastest dream clock a document may ask for: every rate in every shader runs four times faster. */
const SPEED = 4
const SEED = Number(import.meta.env.VITE_FLASH_SEED ?? 20261130)
const RUNS = Number(import.meta.env.VITE_FLASH_RUNS ?? 20)

const glitchTypes = layerTypes.filter((layerType) => layerType.glitch)
/** Non-glitch layers whose parameters animate light: twinkles, flicker, pulses, spins, hue drift, blooms. */
const livelyTypes = ['stars', 'city', 'fireflies', 'kaleidoscope', 'color-grade', 'bloom', 'grain'] as const

type Extreme = 'min' | 'max'
/** A parameter at one end of its range (cycle lengths: the short end is the hostile one either way). */
function extremeValue(spec: ParamSpec, end: Extreme): ParamValue {
  if (spec.kind === 'float' || spec.kind === 'int') return end === 'min' ? spec.min : spec.max
  if (spec.kind === 'bool') return end === 'max'
  if (spec.kind === 'select') return end === 'min' ? spec.options[0]! : spec.options[spec.options.length - 1]!
  return spec.default
}

/** Backdrops: black to white (full contrast, the mean of each region free to swing), or saturated red. */
const BACKGROUNDS = {
  contrast: { zenith: '#000000', horizon: '#ffffff', glow: '#ffffff', dawn: '#ffffff', glowStrength: 3, glowHeight: 0.3, curve: 0.4, followNight: false },
  red: { zenith: '#ff0000', horizon: '#ff0000', glow: '#ff0000', dawn: '#ff0000', glowStrength: 3, glowHeight: 0.3, curve: 0.4, followNight: false },
} as const
type Background = keyof typeof BACKGROUNDS

interface Hostile {
  background: Background
  lively: { type: string; end: Extreme }[]
  glitches: { type: string; ends: Extreme[] }[]
  crash: boolean
  seed: number
  /** Where in the (6 s) crash cycle the capture starts. */
  start: number
}

function layerAt(layerType: AnyLayerType, id: string, ends: readonly Extreme[]): DreamLayer {
  const params: Record<string, ParamValue> = {}
  Object.entries(layerType.params).forEach(([key, spec], i) => {
    // intensities always full; everything else at the generated end of its range
    params[key] = key === 'intensity' ? extremeValue(spec, 'max') : extremeValue(spec, ends[i % ends.length] ?? 'max')
  })
  return { id, type: layerType.type, enabled: true, opacity: 1, blend: 'normal', params }
}

function hostileDocument(spec: Hostile): DreamDocument {
  const doc = createDocument(registry, ['sky'], spec.seed)
  Object.assign(doc.layers[0]!.params, BACKGROUNDS[spec.background])
  spec.lively.forEach(({ type, end }, i) => doc.layers.push(layerAt(registry.get(type)!, `l${i}`, [end])))
  spec.glitches.forEach(({ type, ends }, i) => doc.layers.push(layerAt(registry.get(type)!, `g${i}`, ends)))
  doc.scene = {
    ...doc.scene,
    speed: SPEED,
    crashMode: spec.crash ? 'loop' : 'off',
    crashPeriod: 6,
    crashSeverity: 1,
    allowIntenseFlashing: false,
  }
  return doc
}

const extremes = fc.array(fc.constantFrom<Extreme>('min', 'max'), { minLength: 1, maxLength: 6 })
const hostile: fc.Arbitrary<Hostile> = fc.record({
  background: fc.constantFrom<Background>('contrast', 'red'),
  lively: fc.uniqueArray(fc.record({ type: fc.constantFrom(...livelyTypes), end: fc.constantFrom<Extreme>('min', 'max') }), { maxLength: 2, selector: (l) => l.type }),
  glitches: fc.uniqueArray(fc.record({ type: fc.constantFrom(...glitchTypes.map((t) => t.type)), ends: extremes }), { minLength: 1, maxLength: 4, selector: (g) => g.type }),
  crash: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  start: fc.double({ min: 0, max: 6, noNaN: true }),
})

/** Render SECONDS of real time at 60 fps (dream time runs SPEED times faster) and analyse every frame. */
async function capture(doc: DreamDocument, start: number): Promise<FlashReport> {
  const h = await mountDream(doc, { width: W, height: H })
  try {
    const analyser = new FlashAnalyser(W, H, FPS)
    for (let i = 0; i < SECONDS * FPS; i++) analyser.push(h.renderAt(start + (i * SPEED) / FPS))
    return analyser.report()
  } finally {
    await h.unmount()
  }
}

const summary = (r: FlashReport) =>
  `${r.verdict} (max ${r.maxTransitionsPerSecond}/s over windows: lum ${r.luminance.maxTransitionsPerSecond}, red ${r.red.maxTransitionsPerSecond})`
const rows: string[] = []
afterAll(() => console.log(['flash adversarial | limiter on', ...rows].join('\n')))

/** The hand-written worst case of a glitch layer: itself at full intensity and its most hostile settings. */
function worstCase(layerType: AnyLayerType, background: Background): Hostile {
  return { background, lively: [], glitches: [{ type: layerType.type, ends: ['max'] }], crash: true, seed: 4242, start: 2.4 }
}
const ALL_GLITCHES: Hostile = {
  background: 'contrast',
  lively: [{ type: 'stars', end: 'max' }],
  glitches: glitchTypes.map((t) => ({ type: t.type, ends: ['max'] as Extreme[] })),
  crash: true,
  seed: 4242,
  start: 2.4,
}

test('the worst case FAILs with the limiter off (the suite can fail)', { timeout: 300_000 }, async () => {
  for (const background of ['contrast', 'red'] as const) {
    const doc = hostileDocument({ ...ALL_GLITCHES, background })
    const off = await capture({ ...doc, scene: { ...doc.scene, allowIntenseFlashing: true } }, ALL_GLITCHES.start)
    const on = await capture(doc, ALL_GLITCHES.start)
    rows.push(`all glitches, ${background}: off ${summary(off)} | on ${summary(on)}`)
    expect(off.verdict, `${background} with the limiter off`).toBe('fail')
    expect(on.verdict, `${background} with the limiter on: ${summary(on)}`).toBe('pass')
  }
})

test('a hand-written worst case per glitch layer stays below FAIL and EXTENDED FAIL', { timeout: 300_000 }, async () => {
  const failures: string[] = []
  for (const layerType of glitchTypes) {
    const background: Background = layerType.type === 'glitch-rgb' || layerType.type === 'glitch-blocks' ? 'red' : 'contrast'
    const report = await capture(hostileDocument(worstCase(layerType, background)), 2.4)
    rows.push(`${layerType.type} (${background}): ${summary(report)}`)
    if (report.verdict !== 'pass') failures.push(`${layerType.type}: ${summary(report)}`)
  }
  expect(failures).toEqual([])
})

test(`${RUNS} generated hostile documents (seed ${SEED}) stay below FAIL and EXTENDED FAIL`, { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(hostile, async (spec) => {
      const report = await capture(hostileDocument(spec), spec.start)
      rows.push(`${spec.background} ${spec.glitches.map((g) => g.type).join('+')} ${spec.lively.map((l) => l.type).join('+')}${spec.crash ? ' crash' : ''}: ${summary(report)}`)
      expect(report.verdict, `${summary(report)}\n${JSON.stringify(spec)}`).toBe('pass')
    }),
    // no shrinking: each run renders 300 frames; the seed and path in the message replay the failing document
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  )
})

// --- modulation (issue 15): the limiter holds whatever moves the parameters --------------------------------------

/** Like capture, with live inputs that `beforeFrame` sets before each frame (the harness mounts without inputs). */
async function captureModulated(doc: DreamDocument, inputs: ModulationInputs, beforeFrame: (frame: number) => void): Promise<FlashReport> {
  const store = createDreamStore(doc)
  const clock = new DreamClock({ pinned: 0 })
  const { onReady, ready } = readiness()
  const { state, canvas, dispose } = await mountFixedSize(W, H, <DreamScene store={store} registry={registry} clock={clock} modulationInputs={inputs} onReady={onReady} />)
  try {
    await ready
    const gl = state.gl.getContext()
    const pixels = new Uint8Array(W * H * 4)
    const analyser = new FlashAnalyser(W, H, FPS)
    for (let i = 0; i < SECONDS * FPS; i++) {
      beforeFrame(i)
      clock.pinned = i / FPS
      state.advance(1000 + i / FPS) // seconds, as r3f's advance() takes them
      gl.readPixels(0, 0, W, H, gl.RGBA, gl.UNSIGNED_BYTE, pixels)
      analyser.push(pixels)
    }
    return analyser.report()
  } finally {
    await unmountRoot(canvas, dispose)
  }
}

/** A black sky whose brightness (both colours' lightness and the glow) a 20 Hz square LFO throws to white. */
function strobingSky(): DreamDocument {
  let doc = createDocument(registry, ['sky'], 11)
  Object.assign(doc.layers[0]!.params, { zenith: '#000000', horizon: '#000000', glow: '#ffffff', glowStrength: 0, followNight: false })
  doc.scene = { ...doc.scene, cameraMotion: 'still', allowIntenseFlashing: false }
  doc = addModulationSource(doc, 'lfo')
  doc = updateModulationSource(doc, 'lfo1', { params: { shape: 'square', rate: 20 } })
  const sky = doc.layers[0]!.id
  for (const param of ['zenith', 'horizon', 'glowStrength']) doc = addBinding(doc, { source: 'lfo1', layer: sky, param, depth: 1 }, registry)
  return doc
}

/** The contrast backdrop under a colour grade whose exposure (-3 to +3 stops) and contrast follow each onset. */
function onsetGrade(): DreamDocument {
  let doc = createDocument(registry, ['sky', 'color-grade'], 12)
  Object.assign(doc.layers[0]!.params, BACKGROUNDS.contrast)
  doc.scene = { ...doc.scene, cameraMotion: 'still', allowIntenseFlashing: false }
  doc = addModulationSource(doc, 'audio')
  doc = updateModulationSource(doc, 'audio1', { params: { feature: 'onset', attack: 0, release: 0 } })
  const grade = doc.layers[1]!.id
  doc = addBinding(doc, { source: 'audio1', layer: grade, param: 'exposure', depth: 1, offset: -0.5 }, registry)
  doc = addBinding(doc, { source: 'audio1', layer: grade, param: 'contrast', depth: 1 }, registry)
  return doc
}

const modulationCases = [
  { name: '20 Hz square LFO on the sky brightness, full depth', doc: strobingSky, drive: () => () => {} },
  {
    name: 'audio onset (0/1 every frame, no smoothing) on full-screen exposure and contrast',
    doc: onsetGrade,
    drive: (inputs: ModulationInputs) => (frame: number) => {
      inputs.audio.active = true
      inputs.audio.onset = frame % 2
    },
  },
]

for (const { name, doc, drive } of modulationCases)
  test(`modulation: ${name} passes with the limiter on (and FAILs with it off)`, { timeout: 300_000 }, async () => {
    const document = doc()
    const offInputs = createModulationInputs()
    const off = await captureModulated({ ...document, scene: { ...document.scene, allowIntenseFlashing: true } }, offInputs, drive(offInputs))
    const onInputs = createModulationInputs()
    const on = await captureModulated(document, onInputs, drive(onInputs))
    rows.push(`modulation, ${name}: off ${summary(off)} | on ${summary(on)}`)
    expect(off.verdict, `limiter off: ${summary(off)}`).toBe('fail')
    expect(on.verdict, `limiter on: ${summary(on)}`).toBe('pass')
  })
