/**
 * The benchmark page (built by scripts/bench.mjs, driven through `window.dreamBench` by Playwright).
 *
 * Frames are timed one by one: advance the r3f root by hand (frameloop 'never'), then read ONE pixel, which
 * forces the GPU work to finish (gl.finish() does not wait in Chromium). The raw WebGL2 baseline compiles the
 * very shader strings the host builds for backdrops (the fused pass of backdropStack.ts, or one layer's own
 * material when fusion is off) into a bare program drawing one full-screen triangle, so the ratio is our
 * overhead and nothing else.
 */
import { useFrame } from '@react-three/fiber'
import { createRoot as createDomRoot } from 'react-dom/client'
import { createDocument, type DreamDocument } from '../src/core/document'
import { setLayerParams } from '../src/core/documentOps'
import { createDreamStore } from '../src/core/dreamStore'
import { layerTypes, registry } from '../src/layers'
import { DreamClock } from '../src/scene/clock'
import { DreamCanvas } from '../src/scene/DreamCanvas'
import { createQualityStore } from '../src/scene/quality'
import { alternate, median, nextTask, sample, type SampleOptions } from './stats'
import { buildCases, emptyDocument, encodeLink, layerDocument, loadPreset, presets, stackTypes, type BenchCase } from './cases'
import { appFrame, appPairFrame, createAppRig, mountCostRig, showDocument, type AppRig } from './appRig'
import { createFbm5Rig, createRawRig, rawFrame, rawProgram, type RawRig } from './rawRig'

// The rigs kept per size, and the API Playwright drives. Sampling: ./stats.ts; cases: ./cases.ts; the app and
// raw WebGL2 rigs: ./appRig.tsx and ./rawRig.ts.
let frameRig: { app: AppRig; empty: AppRig; raw: RawRig } | undefined
let cpuRig: AppRig | undefined
let cases: BenchCase[] = []

/**
 * One context per role for every size: the case document (compiled once per case, whatever the sizes and
 * rounds), the empty document (kept mounted, so the fixed cost is measured next to every case without
 * recompiling anything) and raw WebGL2.
 */
async function rigFor(width: number, height: number) {
  frameRig ??= { app: await createAppRig(width, height), empty: await createAppRig(width, height), raw: createRawRig(width, height) }
  await frameRig.app.resize(width, height)
  await frameRig.empty.resize(width, height)
  frameRig.raw.resize(width, height)
  return frameRig
}

async function measureOne(id: string, app: AppRig, raw: RawRig, options: SampleOptions) {
  const benchCase = cases.find((c) => c.id === id)
  if (!benchCase) throw new Error(`unknown case ${id}`)
  if (benchCase.kind === 'raw') {
    if (benchCase.halfFloat && !raw.halfFloatTarget) return { median: Number.NaN, samples: [] as number[] }
    const programs = benchCase.fused && benchCase.layers.length > 0 ? [rawProgram(raw, benchCase.layers, true)] : benchCase.layers.map((t) => rawProgram(raw, [t], false))
    return sample((i) => rawFrame(raw, programs, 2 + i * 0.05, benchCase.halfFloat ? 'rgba16f' : 'canvas'), options)
  }
  await showDocument(app, benchCase.doc, benchCase.fuse ?? true)
  const info = app.state.gl.info
  info.autoReset = false
  const result = sample((i) => {
    info.reset()
    return appFrame(app, 2 + i * 0.05, true)
  }, options)
  const resources = { programs: info.programs?.length ?? 0, calls: info.render.calls, triangles: info.render.triangles }
  info.autoReset = true
  return { ...result, resources }
}

const api = {
  /**
   * Frame cost over the raw fbm5 yardstick, paired: each case is mounted in its own context and stays mounted
   * (nothing recompiles), and every iteration draws one frame of each case and one fbm5 frame at the same size,
   * in an order reversed every other iteration. A case's ratio is the median over iterations of
   * (case frame / fbm5 frame of the same iteration), so the slow drift of a shared machine cancels.
   */
  async pairedCost(ids: string[], size: [number, number], iterations: number, dreamTime = 6) {
    const [width, height] = size
    api.release()
    const fbm5 = createFbm5Rig(width, height)
    const rigs: Record<string, Awaited<ReturnType<typeof mountCostRig>>> = {}
    try {
      for (const id of ids) rigs[id] = await mountCostRig(width, height, id)
      const frames: Record<string, (i: number) => Promise<number>> = { fbm5: async (i) => fbm5.frame(dreamTime + i * 0.05) }
      for (const id of ids) frames[id] = async (i) => rigs[id]!.frame(dreamTime + i * 0.05)
      // first round untimed (compiles, first uploads), then `iterations` timed rounds
      const runs = await alternate(frames, iterations)
      const out: Record<string, { ms: number; ratio: number; ratios: number[]; programs?: number }> = {}
      for (const id of ['fbm5', ...ids]) {
        const ratios = runs.map((run) => run[id]! / run.fbm5!)
        out[id] = { ms: median(runs.map((run) => run[id]!)), ratio: median(ratios), ratios, ...(rigs[id] ? rigs[id].resources() : {}) }
      }
      return out
    } finally {
      for (const rig of Object.values(rigs)) rig.dispose()
      fbm5.dispose()
    }
  },

  /**
   * Full frames of cost cases for look checks (scripts/look-check.mjs): each case mounted alone, drawn as a
   * still (no amortisation) or as the live loop draws it (`live`: warmed by `warm` frames `step` dream seconds apart
   * before the captured one; more than 16 fill a 4 x 4 amortisation cycle), read back whole. Rows bottom-up, RGBA.
   */
  async stills(ids: string[], size: [number, number], times: number[], live = false, warm = 8, step = 1 / 60) {
    const [width, height] = size
    api.release()
    const out: Record<string, string[]> = {}
    for (const id of ids) {
      const rig = await mountCostRig(width, height, id, live)
      try {
        out[id] = times.map((time) => {
          if (live) for (let i = warm; i > 0; i--) rig.frame(time - i * step)
          rig.frame(time)
          const pixels = rig.read()
          let text = ''
          for (let i = 0; i < pixels.length; i += 0x8000) text += String.fromCharCode(...pixels.subarray(i, i + 0x8000))
          return btoa(text)
        })
      } finally {
        rig.dispose()
      }
    }
    return out
  },

  info() {
    const probe = document.createElement('canvas').getContext('webgl2')
    const debug = probe?.getExtension('WEBGL_debug_renderer_info')
    const renderer = probe && debug ? String(probe.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : String(probe?.getParameter(probe.RENDERER))
    probe?.getExtension('WEBGL_lose_context')?.loseContext()
    cases = buildCases()
    return {
      renderer,
      userAgent: navigator.userAgent,
      loader: loadPreset ? 'src/preset/load.ts loadPreset' : 'JSON.parse (no loader yet)',
      layerTypes: layerTypes.map((t) => ({ type: t.type, kind: t.kind, resolution: t.resolution ?? 1, amortised: t.kind === 'backdrop' && !!t.amortised })),
      stack: stackTypes.map((t) => t.type),
      presets: presets.map((p) => ({ name: p.name, layers: p.document?.layers.map((l) => l.type) ?? [], error: p.error })),
      cases: cases.map((c) => c.id),
    }
  },

  /**
   * One backdrop's overhead against raw WebGL2, with paired frames: each iteration draws the layer and the
   * empty document in the app (the same context, switching documents; programs stay cached), then the same
   * program and a bare clear in raw WebGL2 (order alternating), and keeps the two differences. Pairing cancels
   * the slow drift of a shared machine, which block medians do not.
   */
  async pairedOverhead(type: string, size: [number, number], iterations: number) {
    const layerType = layerTypes.find((t) => t.type === type)
    if (!layerType || layerType.kind !== 'backdrop') throw new Error(`${type} is not a backdrop`)
    const [width, height] = size
    const { app, raw } = await rigFor(width, height)
    const withLayer = layerDocument(layerType)
    const empty = emptyDocument()
    const program = [rawProgram(raw, [layerType], true)]
    // the raw side draws into a target of the app's own format, as the app does
    const where = raw.appTarget ? 'app' : 'canvas'
    const frames = {
      // reference mode: the app computes the layer in place at full resolution, as the raw program does
      app: () => appPairFrame(app, withLayer, true, true),
      empty: () => appPairFrame(app, empty, true, true),
      raw: async (i: number) => rawFrame(raw, program, 2 + i * 0.05, where),
      clear: async (i: number) => rawFrame(raw, [], 2 + i * 0.05, where),
    }
    const runs = await alternate(frames, iterations)
    const appOwn = runs.map((t) => t.app - t.empty)
    const rawOwn = runs.map((t) => t.raw - t.clear)
    return { appOwn: median(appOwn), rawOwn: median(rawOwn), ratio: median(appOwn) / median(rawOwn), appOwnAll: appOwn, rawOwnAll: rawOwn, rawTarget: raw.appTarget ? raw.appFormat : 'canvas' }
  },

  /**
   * Fusion's saving with paired frames: the same backdrop stack drawn fused (one pass) and separate (one
   * blended pass per layer), in the app (one context, switching) and in raw WebGL2, alternating.
   */
  async pairedStack(types: string[], size: [number, number], iterations: number) {
    const stack = types.map((type) => layerTypes.find((t) => t.type === type)!)
    const [width, height] = size
    const { app, raw } = await rigFor(width, height)
    const doc = createDocument(registry, types, 7)
    const where = raw.appTarget ? 'app' : 'canvas'
    const fusedProgram = [rawProgram(raw, stack, true)]
    const separatePrograms = stack.map((t) => rawProgram(raw, [t], false))
    const frames = {
      fused: () => appPairFrame(app, doc, true, true),
      separate: () => appPairFrame(app, doc, false, true),
      rawFused: async (i: number) => rawFrame(raw, fusedProgram, 2 + i * 0.05, where),
      rawSeparate: async (i: number) => rawFrame(raw, separatePrograms, 2 + i * 0.05, where),
    }
    const runs = await alternate(frames, iterations)
    const saved = runs.map((t) => t.separate - t.fused)
    const rawSaved = runs.map((t) => t.rawSeparate - t.rawFused)
    const fusedMs = runs.map((t) => t.fused)
    const separateMs = runs.map((t) => t.separate)
    await showDocument(app, emptyDocument(), true)
    return { types, fusedMs: median(fusedMs), separateMs: median(separateMs), savedMs: median(saved), rawSavedMs: median(rawSaved), savedAll: saved, rawSavedAll: rawSaved }
  },

  /**
   * The flash limiter's cost (issue 11), paired frames on one context: the same document with the limiter on
   * and off (allowIntenseFlashing), alternating. The document is empty, so the "off" frame is the bare output
   * stage (clear, then the limiter pass-through and the dither): the limiter's cost is reported against it.
   */
  async limiterCost(size: [number, number], iterations: number) {
    const [width, height] = size
    const { app } = await rigFor(width, height)
    const base = emptyDocument()
    const on: DreamDocument = { ...base, scene: { ...base.scene, allowIntenseFlashing: false } }
    const off: DreamDocument = { ...base, scene: { ...base.scene, allowIntenseFlashing: true } }
    const runs = await alternate({ on: () => appPairFrame(app, on, true), off: () => appPairFrame(app, off, true) }, iterations)
    await showDocument(app, emptyDocument(), true)
    const onMs = median(runs.map((t) => t.on))
    const offMs = median(runs.map((t) => t.off))
    const limiterMs = median(runs.map((t) => t.on - t.off))
    return { iterations, onMs, offMs, limiterMs, ratio: limiterMs / offMs }
  },

  /** Several cases at one size, in the given order: one resize for all of them (a resize costs seconds here). */
  async measureGroup(ids: string[], size: [number, number], options: SampleOptions) {
    const [width, height] = size
    const { app, empty, raw } = await rigFor(width, height)
    const out: Record<string, { median: number; samples: number[]; resources?: object }> = {}
    for (const id of ids) out[id] = await measureOne(id, id === 'app:empty' ? empty : app, raw, options)
    return out
  },

  /** Median frame ms of one case at each size (same document, same programs); resource counts for app cases. */
  async measure(id: string, sizes: [number, number][], options: SampleOptions) {
    const out: Record<string, { median: number; samples: number[]; resources?: object; setupMs: number }> = {}
    for (const [width, height] of sizes) {
      const started = performance.now()
      const { app, empty, raw } = await rigFor(width, height)
      const result = await measureOne(id, id === 'app:empty' ? empty : app, raw, options)
      out[`${width}x${height}`] = { ...result, setupMs: performance.now() - started - result.samples.reduce((a, b) => a + b, 0) }
    }
    return out
  },

  /** CPU side of a frame with many layers: our frame-loop JS, and the whole advance() (three included), no GPU wait. */
  async cpu(frames: number, withEdits: boolean) {
    // tiny canvas: this measures the CPU side, and heavy layers would otherwise keep the GPU busy for minutes
    cpuRig ??= await createAppRig(32, 18)
    const app = cpuRig
    const types = layerTypes.filter((t) => !t.glitch).map((t) => t.type)
    const doc = createDocument(registry, types, 7)
    await showDocument(app, doc)
    for (let i = 0; i < 20; i++) appFrame(app, i * 0.05, true) // compile + warm up
    const target = doc.layers.find((l) => registry.get(l.type)?.kind === 'backdrop')!
    const key = Object.entries(registry.get(target.type)!.params).find(([, s]) => s.kind === 'float')?.[0]
    app.probe.total = 0
    app.probe.frames = 0
    const advance: number[] = []
    const ours: number[] = []
    for (let i = 0; i < frames; i++) {
      const before = app.probe.total
      if (withEdits && key) app.store.edit((d) => setLayerParams(d, target.id, { [key]: 0.5 + 0.25 * Math.sin(i) }), `${target.id}.${key}`)
      // every 10th frame waits for the GPU, so the command queue never runs far ahead
      advance.push(appFrame(app, 2 + i * 0.05, false))
      ours.push(app.probe.total - before)
      if (i % 10 === 9) appFrame(app, 2 + i * 0.05, true)
    }
    appFrame(app, 0, true)
    // performance.now() is coarsened (~0.1 ms) in a page that is not cross-origin isolated: means, not medians
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    return { layers: doc.layers.length, types, advanceMs: mean(advance), oursMs: mean(ours), advanceMedianMs: median(advance), frames }
  },

  /** For heap profiling from outside: n frames of a many-layer document, no GPU wait. */
  async prepareHeap() {
    await api.cpu(30, false)
  },
  runFrames(count: number) {
    const rig = cpuRig!
    for (let i = 0; i < count; i++) appFrame(rig, 3 + i * 0.016, i % 10 === 9)
  },

  /** Free the measuring contexts (the adaptive run wants the GPU to itself). */
  release() {
    for (const rig of [frameRig?.app, frameRig?.empty, cpuRig]) {
      if (!rig) continue
      rig.root.unmount()
      rig.canvas.remove()
    }
    frameRig?.raw.gl.getExtension('WEBGL_lose_context')?.loseContext()
    frameRig = undefined
    cpuRig = undefined
  },

  /** Share-link payload for a preset (time-to-first-frame of the viewer route). */
  linkPayload(name: string) {
    const preset = presets.find((p) => p.name === name)
    if (!preset?.document || !encodeLink) return null
    return encodeLink(preset.document, registry)
  },

  /** Adaptive quality in a real animation loop (DreamCanvas, frameloop 'always'). */
  async adaptive(name: string, width: number, height: number, targetFps: number, seconds: number) {
    const preset = presets.find((p) => p.name === name)
    if (!preset?.document) throw new Error(`no preset ${name}`)
    api.release()
    const host = document.createElement('div')
    host.style.cssText = `width:${width}px;height:${height}px;position:fixed;left:0;top:0`
    document.body.appendChild(host)
    const store = createDreamStore(preset.document)
    const quality = createQualityStore()
    const timeline: { t: number; fps: number; level: number; dpr: number }[] = []
    const deltas: number[] = []
    let lastLog = performance.now()
    const started = performance.now()
    function Recorder() {
      useFrame((_, delta) => {
        deltas.push(delta)
        const now = performance.now()
        if (now - lastLog >= 1000) {
          const recent = deltas.splice(0)
          const q = quality.getState()
          timeline.push({ t: Math.round((now - started) / 100) / 10, fps: recent.length / recent.reduce((a, b) => a + b, 0), level: q.level, dpr: q.dpr })
          lastLog = now
        }
      })
      return null
    }
    const root = createDomRoot(host)
    root.render(
      <DreamCanvas
        store={store}
        registry={registry}
        clock={new DreamClock()}
        dpr={1}
        adaptiveQuality={{ targetFps }}
        qualityStore={quality}
        guard={{ storage: null }}
      >
        <Recorder />
      </DreamCanvas>,
    )
    await nextTask(seconds * 1000)
    const final = quality.getState()
    root.unmount()
    host.remove()
    const tail = timeline.slice(-3)
    return {
      timeline,
      finalLevel: final.level,
      finalDpr: final.dpr,
      overrides: Object.fromEntries([...final.overrides].map(([id, values]) => [preset.document!.layers.find((l) => l.id === id)?.type ?? id, values])),
      settledFps: tail.length ? median(tail.map((x) => x.fps)) : Number.NaN,
    }
  },
}

declare global {
  interface Window {
    dreamBench: typeof api
  }
}
window.dreamBench = api
