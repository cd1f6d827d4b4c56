/**
 * The live input adapters in real Chromium: a generated AudioBuffer (a 2 Hz kick and a 1 kHz tone) through a
 * real AnalyserNode (an OfflineAudioContext, suspended at known times), Web MIDI through an injected
 * MIDIAccess stand-in, and pointer events over an element.
 */
import { expect, test } from 'vitest'
import { analyse } from '../../src/modulation/audio/live'
import { createModulationInputs } from '../../src/modulation/inputs'
import { connectMidi, requestMidi, type MidiAccessLike, type MidiInputLike, type MidiMessageLike } from '../../src/modulation/midi'
import { attachPointer } from '../../src/modulation/pointer'

const RATE = 48000

/** A 55 Hz kick decaying over 80 ms every 0.5 s from 0.25 s, over a steady 1 kHz tone at 0.2. */
function kickAndTone(context: BaseAudioContext, seconds: number): AudioBuffer {
  const buffer = context.createBuffer(1, seconds * RATE, RATE)
  const data = buffer.getChannelData(0)
  for (let i = 0; i < data.length; i++) {
    const t = i / RATE
    const since = (t - 0.25) % 0.5
    data[i] = (t >= 0.25 ? Math.exp(-since / 0.08) * Math.sin(2 * Math.PI * 55 * since) * 0.9 : 0) + 0.2 * Math.sin(2 * Math.PI * 1000 * t)
  }
  return buffer
}

test('a real AnalyserNode over a generated kick and tone: bass and onset follow the 2 Hz kick, mid the tone', async () => {
  const seconds = 3
  const context = new OfflineAudioContext(1, seconds * RATE, RATE)
  const source = context.createBufferSource()
  source.buffer = kickAndTone(context, seconds)
  source.connect(context.destination)
  const inputs = createModulationInputs()
  const session = analyse(inputs, context, source, { kind: 'buffer', name: 'kick and tone', loop: false })
  const frames: { t: number; bass: number; mid: number; onset: number; level: number }[] = []
  // read the analyser every 1/60 s of audio time, as the live loop does every animation frame
  const step = 1 / 60
  for (let t = step * 4; t < seconds - step; t += step) {
    const at = Math.round(t * 128 * 375) / (128 * 375) // suspend times are quantised to 128-frame render quanta
    void context.suspend(at).then(() => {
      session.update()
      frames.push({ t: at, bass: inputs.audio.bass, mid: inputs.audio.mid, onset: inputs.audio.onset, level: inputs.audio.level })
      void context.resume()
    })
  }
  source.start()
  await context.startRendering()
  expect(inputs.audio.active).toBe(true)
  expect(frames.length).toBeGreaterThan(150)
  const near = (time: number, width = 0.06) => frames.filter((f) => f.t >= time && f.t < time + width)
  for (const kick of [0.75, 1.25, 1.75, 2.25]) {
    const hit = near(kick)
    const quiet = near(kick + 0.3, 0.1)
    expect(Math.max(...hit.map((f) => f.onset)), `onset at ${kick} s`).toBeGreaterThan(0.5)
    expect(Math.max(...quiet.map((f) => f.onset)), `no onset at ${kick + 0.3} s`).toBe(0)
    expect(Math.max(...hit.map((f) => f.bass))).toBeGreaterThan(Math.max(...quiet.map((f) => f.bass)) + 0.2)
    expect(Math.min(...hit.map((f) => f.mid))).toBeGreaterThan(0.6) // the tone is there all along
  }
  session.stop()
  expect(inputs.audio).toMatchObject({ active: false, bass: 0, onset: 0 })
})

test('the modulator follows the analysed kick: an audio bass source and its binding rise at every kick', async () => {
  const { createModulator } = await import('../../src/modulation/modulator')
  const { createDocument } = await import('../../src/core/document')
  const { addBinding, addModulationSource, updateModulationSource } = await import('../../src/core/documentOps')
  const { registry } = await import('../../src/layers')
  let doc = addModulationSource(createDocument(registry, ['sky'], 9), 'audio')
  const id = doc.modulation!.sources[0]!.id
  doc = updateModulationSource(doc, id, { params: { feature: 'bass', attack: 0.01, release: 0.15 } })
  doc = addBinding(doc, { source: id, layer: doc.layers[0]!.id, param: 'glowStrength', depth: 0.5 }, registry)
  const modulator = createModulator()
  modulator.update(doc, registry)

  const seconds = 2
  const context = new OfflineAudioContext(1, seconds * RATE, RATE)
  const source = context.createBufferSource()
  source.buffer = kickAndTone(context, seconds)
  source.connect(context.destination)
  const inputs = createModulationInputs()
  const session = analyse(inputs, context, source, { kind: 'buffer', name: 'kick', loop: false })
  const trace: { t: number; value: number; sum: number }[] = []
  const step = 1 / 60
  for (let t = step * 4; t < seconds - step; t += step) {
    const at = Math.round(t * 375) / 375 // 128-frame render quanta at 48 kHz
    void context.suspend(at).then(() => {
      session.update()
      modulator.evaluate(at, step, inputs, { night: 0, crash: 0 })
      trace.push({ t: at, value: modulator.valueOf(id), sum: modulator.sums[0]! })
      void context.resume()
    })
  }
  source.start()
  await context.startRendering()
  const peak = (from: number, to: number, key: 'value' | 'sum') => Math.max(...trace.filter((f) => f.t >= from && f.t < to).map((f) => f[key]))
  for (const kick of [0.75, 1.25]) {
    expect(peak(kick, kick + 0.1, 'value'), `source at the ${kick} s kick`).toBeGreaterThan(peak(kick + 0.3, kick + 0.45, 'value') + 0.2)
    expect(peak(kick, kick + 0.1, 'sum'), 'the binding follows its source').toBeGreaterThan(peak(kick + 0.3, kick + 0.45, 'sum') + 0.1)
  }
})

/** A MIDIAccess stand-in: inputs that deliver what the test sends, and hot-plugging. */
function fakeAccess() {
  const listeners = new Map<string, Set<(event: MidiMessageLike) => void>>()
  const makeInput = (id: string): MidiInputLike & { send(bytes: number[]): void } => ({
    id,
    name: `Fake ${id}`,
    addEventListener: (_type, listener) => void (listeners.get(id) ?? listeners.set(id, new Set()).get(id)!).add(listener),
    removeEventListener: (_type, listener) => void listeners.get(id)?.delete(listener),
    send: (bytes) => listeners.get(id)?.forEach((listener) => listener({ data: new Uint8Array(bytes) })),
  })
  const inputs = new Map([['a', makeInput('a')]])
  let onState: (() => void) | undefined
  const access: MidiAccessLike = {
    inputs,
    addEventListener: (_type, listener) => void (onState = listener),
    removeEventListener: () => void (onState = undefined),
  }
  return { access, inputs, plug: (id: string) => (inputs.set(id, makeInput(id)), onState?.()), listeners }
}

test('Web MIDI through an injected MIDIAccess: CC and note velocity land in the inputs, lastEvent names them', async () => {
  const inputs = createModulationInputs()
  const fake = fakeAccess()
  const session = connectMidi(inputs, fake.access)
  expect(inputs.midi.active).toBe(true)
  fake.inputs.get('a')!.send([0xb2, 21, 127]) // CC 21 on channel 3
  expect(inputs.midi.cc[2 * 128 + 21]).toBe(1)
  expect(inputs.midi.lastEvent).toEqual({ kind: 'cc', channel: 3, number: 21 })
  fake.inputs.get('a')!.send([0x90, 60, 64]) // note on, channel 1
  expect(inputs.midi.notes[60]).toBeCloseTo(64 / 127)
  expect(inputs.midi.lastEvent).toEqual({ kind: 'note', channel: 1, number: 60 })
  fake.inputs.get('a')!.send([0x90, 60, 0]) // note on at velocity 0 = off; not a learn event
  expect(inputs.midi.notes[60]).toBe(0)
  expect(inputs.midi.lastEvent).toEqual({ kind: 'note', channel: 1, number: 60 })
  fake.inputs.get('a')!.send([0xf8]) // clock: ignored
  // a device plugged in later is heard too
  fake.plug('b')
  ;(fake.inputs.get('b') as unknown as { send(b: number[]): void }).send([0xb0, 1, 32])
  expect(inputs.midi.cc[1]).toBeCloseTo(32 / 127)
  expect(session.devices()).toEqual(['Fake a', 'Fake b'])
  session.stop()
  expect(inputs.midi.active).toBe(false)
  expect(inputs.midi.cc[1]).toBe(0)
  expect([...fake.listeners.values()].every((set) => set.size === 0)).toBe(true)

  // no Web MIDI, and a refusal: readable errors, nothing active
  await expect(requestMidi(inputs, {})).rejects.toThrow(/no Web MIDI/)
  await expect(requestMidi(inputs, { requestMIDIAccess: () => Promise.reject(new DOMException('no', 'NotAllowedError')) })).rejects.toThrow(/MIDI was refused/)
  expect(inputs.midi.active).toBe(false)
})

test('pointer x/y over the element (-1..1, y up), touch included, and wheel scroll when the page cannot scroll', async () => {
  const element = document.createElement('div')
  element.style.cssText = 'position:fixed;left:0;top:0;width:200px;height:100px'
  document.body.appendChild(element)
  const inputs = createModulationInputs()
  const session = attachPointer(inputs, element)
  expect(inputs.pointer.active).toBe(true)
  element.dispatchEvent(new PointerEvent('pointermove', { clientX: 150, clientY: 25, pointerType: 'mouse' }))
  expect(inputs.pointer.x).toBeCloseTo(0.5)
  expect(inputs.pointer.y).toBeCloseTo(0.5)
  element.dispatchEvent(new PointerEvent('pointerdown', { clientX: 0, clientY: 100, pointerType: 'touch' }))
  expect(inputs.pointer.x).toBeCloseTo(-1)
  expect(inputs.pointer.y).toBeCloseTo(-1)
  element.dispatchEvent(new WheelEvent('wheel', { deltaY: 500 }))
  expect(inputs.pointer.scroll).toBeCloseTo(0.5)
  // where the browser asks first (iOS), tilt waits for enableTilt() on a tap; elsewhere it listens at once
  if (session.tiltNeedsPermission) expect(await session.enableTilt()).toBe(true)
  window.dispatchEvent(new DeviceOrientationEvent('deviceorientation', { gamma: 15, beta: 45 + 30 }))
  expect(inputs.pointer.tiltX).toBeCloseTo(0.5)
  expect(inputs.pointer.tiltY).toBeCloseTo(1)
  session.stop()
  expect(inputs.pointer).toMatchObject({ active: false, x: 0, y: 0, scroll: 0 })
  element.remove()
})

test('the embed (and so <dream-scape>) starts the pointer adapter for a document that reads it, and stops it on unmount', async () => {
  const { mountDreamscape } = await import('../../src/embed')
  const { createDocument } = await import('../../src/core/document')
  const { addModulationSource, addBinding } = await import('../../src/core/documentOps')
  const { registry } = await import('../../src/layers')
  let doc = addModulationSource(createDocument(registry, ['sky'], 5), 'pointer')
  doc = addBinding(doc, { source: doc.modulation!.sources[0]!.id, layer: 'scene', param: 'fov', depth: 0.2 }, registry)
  const element = document.createElement('div')
  element.style.cssText = 'position:fixed;left:0;top:0;width:200px;height:100px'
  document.body.appendChild(element)
  const embed = mountDreamscape(element, doc)
  try {
    await expect.poll(() => embed.inputs.pointer.active, { timeout: 15_000 }).toBe(true)
    element.dispatchEvent(new PointerEvent('pointermove', { clientX: 200, clientY: 50, pointerType: 'touch' }))
    expect(embed.inputs.pointer.x).toBeCloseTo(1)
    expect(embed.inputs.audio.active).toBe(false) // sound only when asked for
  } finally {
    embed.unmount()
    element.remove()
  }
  expect(embed.inputs.pointer.active).toBe(false)
})
