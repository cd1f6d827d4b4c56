/**
 * Modulation in real Chromium (issue 15): a bound parameter reaches the picture through its uniform, on dream
 * time (the same time gives the same pixels, whatever was rendered before), live inputs move it through
 * `modulationInputs`, and removing the binding hands the parameter back to its base value.
 */
import { expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { addBinding, addModulationSource, removeBinding, updateModulationSource } from '../../src/core/documentOps'
import { createDreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { createModulationInputs, type ModulationInputs } from '../../src/modulation/inputs'
import { createModulator } from '../../src/modulation/modulator'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene, type DreamSceneHandle } from '../../src/scene/DreamScene'
import { mountFixedSize } from '../../src/scene/fixedSizeRoot'

const W = 64
const H = 36

/**
 * A flat grey sky: every pixel shows the zenith/horizon colour, nothing else moves. The flash limiter is off:
 * these tests jump between values within one frame of the same dream time, which it would rightly hold back
 * (the modulation cases of flashAdversarial.test.tsx test it with the limiter on).
 */
function greySky(): DreamDocument {
  const doc = createDocument(registry, ['sky'], 5)
  Object.assign(doc.layers[0]!.params, { zenith: '#404040', horizon: '#404040', glowStrength: 0, shimmer: 0, followNight: false })
  doc.scene = { ...doc.scene, cameraMotion: 'still', allowIntenseFlashing: true }
  return doc
}

/** The sky's two colours bound to `source` (lightness, depth 0.4). */
function bindSky(doc: DreamDocument, source: string): DreamDocument {
  const sky = doc.layers[0]!.id
  let next = addBinding(doc, { source, layer: sky, param: 'zenith', depth: 0.4 }, registry)
  next = addBinding(next, { source, layer: sky, param: 'horizon', depth: 0.4 }, registry)
  return next
}

async function mount(doc: DreamDocument, inputs?: ModulationInputs) {
  const store = createDreamStore(doc)
  const clock = new DreamClock({ pinned: 0 })
  const modulator = createModulator()
  let resolveHandle: (handle: DreamSceneHandle) => void = () => {}
  const ready = new Promise<DreamSceneHandle>((resolve) => (resolveHandle = resolve))
  const { state, dispose } = await mountFixedSize(
    W,
    H,
    <DreamScene store={store} registry={registry} clock={clock} modulationInputs={inputs} modulator={modulator} onReady={(h) => h && resolveHandle(h)} />,
  )
  await ready
  const pixels = new Uint8Array(W * H * 4)
  let frameTime = 1000
  return {
    store,
    modulator,
    /** Renders dream time `time` (one 60 fps frame later) and returns the mean of the red channel. */
    meanAt(time: number) {
      clock.pinned = time
      frameTime += 1 / 60 // seconds, as r3f's advance() takes them
      state.advance(frameTime)
      const gl = state.gl.getContext()
      gl.readPixels(0, 0, W, H, gl.RGBA, gl.UNSIGNED_BYTE, pixels)
      let sum = 0
      for (let i = 0; i < pixels.length; i += 4) sum += pixels[i]!
      return sum / (W * H)
    },
    dispose,
  }
}

test('an LFO on dream time moves the picture, and the same time gives the same pixels', async () => {
  let doc = addModulationSource(greySky(), 'lfo')
  doc = updateModulationSource(doc, 'lfo1', { params: { shape: 'square', rate: 0.5 } })
  const base = await mount(greySky())
  const h = await mount(bindSky(doc, 'lfo1'))
  try {
    const grey = base.meanAt(0.5)
    const high = h.meanAt(0.5) // first half of the 2 s square: the source is 1
    const low = h.meanAt(1.5) // second half: 0, the binding rests at its offset (0): the base colour
    expect(h.modulator.valueOf('lfo1')).toBe(0)
    expect(high, `grey ${grey}, modulated ${high}`).toBeGreaterThan(grey + 40)
    expect(Math.abs(low - grey)).toBeLessThan(1)
    for (let i = 0; i < 10; i++) h.meanAt(Math.random() * 10) // whatever came before...
    expect(h.meanAt(0.5)).toBe(high) // ...the same dream time, the same picture
    expect(h.meanAt(1.5)).toBe(low)
    // the binding removed: the frame loop writes the base colour again
    h.store.edit((d) => removeBinding(removeBinding(d, 1), 0))
    h.meanAt(0.5)
    expect(Math.abs(h.meanAt(0.5) - grey)).toBeLessThan(1)
  } finally {
    h.dispose()
    base.dispose()
  }
})

test('a pointer source follows modulationInputs; without a pointer it rests at 0', async () => {
  const inputs = createModulationInputs()
  let doc = addModulationSource(greySky(), 'pointer')
  doc = updateModulationSource(doc, 'pointer1', { params: { axis: 'x', smoothing: 0 } })
  const base = await mount(greySky())
  const h = await mount(bindSky(doc, 'pointer1'), inputs)
  try {
    const grey = base.meanAt(1)
    expect(Math.abs(h.meanAt(1) - grey)).toBeLessThan(1) // inactive: at rest
    inputs.pointer.active = true
    inputs.pointer.x = 1 // right edge: the source is 1
    const right = h.meanAt(1)
    inputs.pointer.x = 0 // centre: 0.5
    const centre = h.meanAt(1)
    inputs.pointer.x = -1 // left edge: 0
    const left = h.meanAt(1)
    expect(h.modulator.valueOf('pointer1')).toBe(0)
    expect(right, `grey ${grey}, centre ${centre}, right ${right}`).toBeGreaterThan(centre + 15)
    expect(centre).toBeGreaterThan(grey + 15)
    expect(Math.abs(left - grey), `grey ${grey}, centre ${centre}, right ${right}, left ${left}`).toBeLessThan(1)
  } finally {
    h.dispose()
    base.dispose()
  }
})

test('a scene binding (the moment of the night) moves the picture through the host uniforms, and rests at the base', async () => {
  const night = (): DreamDocument => {
    const doc = createDocument(registry, ['sky'], 5)
    Object.assign(doc.layers[0]!.params, { followNight: true, shimmer: 0 })
    doc.scene = { ...doc.scene, cameraMotion: 'still', nightMode: 'pinned', nightPhase: 0.5, allowIntenseFlashing: true }
    return doc
  }
  let doc = addModulationSource(night(), 'lfo')
  doc = updateModulationSource(doc, 'lfo1', { params: { shape: 'square', rate: 0.5 } })
  doc = addBinding(doc, { source: 'lfo1', layer: 'scene', param: 'nightPhase', depth: 0.5 }, registry) // deep night -> dawn
  const base = await mount(night())
  const h = await mount(doc)
  try {
    const deepNight = base.meanAt(0.5)
    const dawn = h.meanAt(0.5)
    const rest = h.meanAt(1.5)
    expect(Math.abs(dawn - deepNight), `night ${deepNight}, modulated ${dawn}`).toBeGreaterThan(10)
    expect(Math.abs(rest - deepNight)).toBeLessThan(1)
  } finally {
    h.dispose()
    base.dispose()
  }
})
