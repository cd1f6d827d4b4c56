/**
 * Photosensitive safety in a real browser: every glitch layer at its most extreme parameters rendered for 6 s at
 * a fixed 60 fps clock, every frame read back and analysed (built-in presets: flashPresets.test.tsx).
 * With the limiter on nothing may FAIL or EXTENDED FAIL; with it off, a deliberate strobe must be caught, so the
 * test can fail.
 */
import { afterAll, expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { createRegistry, defineLayer, type AnyLayerType } from '../../src/core/defineLayer'
import { p, type ParamSpec, type ParamValue } from '../../src/core/params'
import { layerTypes } from '../../src/layers'
import { FlashAnalyser, type FlashReport } from '../../src/safety/flashAnalyser'
import { mountDream } from './harness'

const W = 96
const H = 54
const FPS = 60
const SECONDS = 6
/** The limiter-off runs of glitch layers only feed the report table (VITE_FLASH_REPORT=1): they keep the file fast. */
const FULL_REPORT = import.meta.env.VITE_FLASH_REPORT === '1'

/** Test-only strobes, declared like any glitch layer, driven by dream time. */
const strobe = defineLayer({
  type: 'test-strobe',
  label: 'Test strobe',
  kind: 'effect',
  description: 'Full-frame flashes for the safety test.',
  glitch: true,
  params: {
    intensity: p.float(1, { min: 0, max: 1 }),
    hz: p.float(8, { min: 0.1, max: 60 }),
    red: p.bool(false),
  },
  fragment: /* glsl */ `
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float on = step(0.5, fract(uTime * hz));
  // red: saturated red against a grey of the same luminance; otherwise black against white
  vec3 a = red ? vec3(1.0, 0.0, 0.0) : vec3(0.0);
  vec3 b = red ? vec3(0.2126) : vec3(1.0);
  outputColor = vec4(mix(inputColor.rgb, mix(a, b, on), intensity * uCrash), inputColor.a);
}
`,
})
const registry = createRegistry([...layerTypes, strobe as unknown as AnyLayerType])
const glitchTypes = layerTypes.filter((layerType) => layerType.glitch)

/** The most extreme value of a parameter for flashing: the top of every range, except cycle lengths (shortest). */
function extreme(key: string, spec: ParamSpec): ParamValue {
  if (spec.kind === 'float' || spec.kind === 'int') return key === 'period' ? spec.min : spec.max
  return spec.default
}

function dream(glitches: readonly AnyLayerType[], scene: Partial<DreamDocument['scene']> = {}): DreamDocument {
  // a cheap, detailed dream underneath (stars and terrain cost 30-90 ms a frame on SwiftShader)
  const doc = createDocument(registry, ['sky', 'nebula'], 31337)
  for (const layerType of glitches) {
    const layer = { id: `g${doc.layers.length}`, type: layerType.type, enabled: true, opacity: 1, blend: 'normal' as const, params: {} as Record<string, ParamValue> }
    for (const [key, spec] of Object.entries(layerType.params)) layer.params[key] = extreme(key, spec)
    doc.layers.push(layer)
  }
  doc.scene = { ...doc.scene, ...scene }
  return doc
}

function strobeDream(hz: number, red = false): DreamDocument {
  const doc = createDocument(registry, ['sky'], 5)
  doc.layers.push({ id: 'strobe', type: 'test-strobe', enabled: true, opacity: 1, blend: 'normal', params: { intensity: 1, hz, red } })
  return doc
}

interface Row {
  name: string
  on: FlashReport
  off: FlashReport | null
}
const rows: Row[] = []

/** Render 6 s at 60 fps with the limiter on, then again with it off, analysing every frame. */
async function measure(name: string, doc: DreamDocument, withOff = true): Promise<Row> {
  const safe: DreamDocument = { ...doc, scene: { ...doc.scene, allowIntenseFlashing: false } }
  const h = await mountDream(safe, { width: W, height: H, registry })
  const run = () => {
    const analyser = new FlashAnalyser(W, H, FPS)
    for (let i = 0; i < SECONDS * FPS; i++) analyser.push(h.renderAt(i / FPS))
    return analyser.report()
  }
  const on = run()
  let off: FlashReport | null = null
  if (withOff) {
    h.store.replace({ ...doc, scene: { ...doc.scene, allowIntenseFlashing: true } })
    off = run()
  }
  await h.unmount()
  const row = { name, on, off }
  rows.push(row)
  return row
}

const summary = (r: FlashReport | null) =>
  !r ? 'not run' : `${r.verdict} (${r.maxTransitionsPerSecond}/s: lum ${r.luminance.maxTransitionsPerSecond}, red ${r.red.maxTransitionsPerSecond})`

afterAll(() => {
  console.log(['layer / preset | limiter on | limiter off', ...rows.map((r) => `${r.name} | ${summary(r.on)} | ${summary(r.off)}`)].join('\n'))
})

test('a full-frame 8 Hz strobe is caught with the limiter off and made safe with it on', async () => {
  const { on, off } = await measure('test strobe 8 Hz black/white', strobeDream(8))
  expect(off?.verdict).toBe('fail')
  expect(off?.maxTransitionsPerSecond).toBeGreaterThan(6)
  expect(on.verdict).toBe('pass')
  expect(on.maxTransitionsPerSecond).toBeLessThanOrEqual(3)
})

test('a per-frame toggle (30 Hz at 60 fps) and a saturated-red strobe are made safe', async () => {
  const toggle = await measure('test strobe 30 Hz (per frame)', strobeDream(30))
  expect(toggle.off?.verdict).toBe('fail')
  expect(toggle.on.verdict).toBe('pass')
  const red = await measure('test strobe 8 Hz red/grey', strobeDream(8, true))
  expect(red.off?.red.verdict).toBe('fail')
  expect(red.on.verdict).toBe('pass')
})

test('every glitch layer at its extremes stays below FAIL and EXTENDED FAIL with the limiter on', async () => {
  for (const layerType of glitchTypes) {
    const { on } = await measure(layerType.type, dream([layerType]), FULL_REPORT)
    expect(on.verdict, layerType.type).toBe('pass')
  }
})

test('all glitch layers at their extremes together, under a fast crash loop, stay safe', async () => {
  const { on } = await measure('all glitches + crash loop 6 s', dream(glitchTypes, { crashMode: 'loop', crashPeriod: 6, crashSeverity: 1 }), FULL_REPORT)
  expect(on.verdict).toBe('pass')
})
