/**
 * The studio's Modulation panel at a 1024x640 laptop window: add a source, bind a parameter from the menus
 * derived from the layer declaration (the bound control shows its mark), undo and redo it, and MIDI learn
 * through an injected MIDIAccess stand-in.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { MidiAccessLike, MidiMessageLike } from '../../src/modulation/midi'
import { mountStudio, type Studio } from './harness'

let studio: Studio
let root: HTMLElement
let sendMidi: (bytes: number[]) => void = () => {}
let listenerCount = () => 0

beforeAll(async () => {
  // a controller plugged in: the studio's MIDI adapter gets this instead of the browser's
  const listeners = new Set<(event: MidiMessageLike) => void>()
  const input = {
    id: 'knobs',
    name: 'Test knobs',
    addEventListener: (_: 'midimessage', listener: (event: MidiMessageLike) => void) => void listeners.add(listener),
    removeEventListener: (_: 'midimessage', listener: (event: MidiMessageLike) => void) => void listeners.delete(listener),
  }
  const access: MidiAccessLike = { inputs: new Map([['knobs', input]]), addEventListener: () => {}, removeEventListener: () => {} }
  Object.defineProperty(navigator, 'requestMIDIAccess', { configurable: true, value: () => Promise.resolve(access) })
  listenerCount = () => listeners.size
  sendMidi = (bytes) => listeners.forEach((listener) => listener({ data: new Uint8Array(bytes) }))
  studio = await mountStudio({ viewport: [1024, 640], layers: ['sky', 'nebula'] })
  root = studio.root
})

afterAll(() => {
  studio.unmount()
  Reflect.deleteProperty(navigator, 'requestMIDIAccess')
})

const button = (text: string, scope: ParentNode = root) => [...scope.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!
const panel = () => root.querySelector<HTMLElement>('.ds-modulation')!
const modulation = () => studio.store.getState().document.modulation
const choose = (label: string, value: string) => {
  const select = panel().querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`)!
  select.value = value
  select.dispatchEvent(new Event('change', { bubbles: true }))
}

test('the panel opens beside the dream and fits a 1024x640 window', async () => {
  expect(panel().hidden).toBe(true)
  button('Modulation').click()
  await expect.poll(() => panel().hidden).toBe(false)
  const box = panel().getBoundingClientRect()
  expect(box.width).toBeGreaterThan(250)
  expect(box.right).toBeLessThanOrEqual(window.innerWidth)
  expect(box.bottom).toBeLessThanOrEqual(window.innerHeight)
  // it does not cover the Leva controls column
  const controls = root.querySelector<HTMLElement>('#ds-controls-panel')!.getBoundingClientRect()
  expect(box.right).toBeLessThanOrEqual(controls.left + 1)
})

test('add an LFO, bind the nebula\'s first number to it, the control shows ∿; undo and redo the binding', async () => {
  choose('New source type', 'lfo')
  button('Add source', panel()).click()
  await expect.poll(() => modulation()?.sources.map((s) => s.type)).toEqual(['lfo'])
  const lfoId = modulation()!.sources[0]!.id
  // its params come from the LFO declaration
  expect(panel().querySelector(`[data-source="${lfoId}"]`)!.textContent).toMatch(/shape/)

  const nebula = studio.store.getState().document.layers.find((l) => l.type === 'nebula')!
  choose('Binding layer', nebula.id)
  await expect.poll(() => panel().querySelector<HTMLSelectElement>('select[aria-label="Binding parameter"]')!.options.length).toBeGreaterThan(1)
  const params = [...panel().querySelector<HTMLSelectElement>('select[aria-label="Binding parameter"]')!.options].map((o) => o.value)
  choose('Binding parameter', params[0]!)
  button('Bind', panel()).click()
  await expect.poll(() => modulation()?.bindings.length).toBe(1)
  expect(modulation()!.bindings[0]).toMatchObject({ source: lfoId, layer: nebula.id, param: params[0] })
  await expect.poll(() => document.body.textContent).toContain('∿')

  // the source's meter follows the running modulator (an LFO at 0.1 Hz: its value changes within a second)
  const meter = panel().querySelector<HTMLElement>(`[role="meter"][data-source="${lfoId}"]`)!
  const first = meter.getAttribute('aria-valuenow')
  await expect.poll(() => meter.getAttribute('aria-valuenow'), { timeout: 10_000 }).not.toBe(first)

  // depth from the panel: one edit, in the document
  const depth = panel().querySelector<HTMLInputElement>('[data-binding="0"] input[type="number"]')!
  // as typing does: React listens to the native value setter's input event
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(depth, '0.6')
  depth.dispatchEvent(new Event('input', { bubbles: true }))
  await expect.poll(() => modulation()!.bindings[0]!.depth).toBe(0.6)

  studio.store.undo()
  await expect.poll(() => modulation()!.bindings[0]!.depth).toBe(0.3)
  studio.store.undo()
  await expect.poll(() => modulation()?.bindings.length ?? 0).toBe(0)
  await expect.poll(() => panel().querySelectorAll('[data-binding]').length).toBe(0)
  studio.store.redo()
  await expect.poll(() => modulation()?.bindings.length).toBe(1)
})

test('MIDI learn: click Learn, turn a knob, the source follows that knob', async () => {
  choose('New source type', 'midi')
  button('Add source', panel()).click()
  await expect.poll(() => modulation()?.sources.some((s) => s.type === 'midi')).toBe(true)
  const midi = modulation()!.sources.find((s) => s.type === 'midi')!
  const row = panel().querySelector<HTMLElement>(`[data-source="${midi.id}"]`)!
  button('Learn', row).click()
  await expect.poll(() => button('Move a control…', row)).toBeTruthy()
  // wait until the adapter listens (its chunk loads on first use), then turn CC 74 on channel 5
  await expect.poll(listenerCount, { timeout: 15_000 }).toBe(1)
  sendMidi([0xb4, 74, 90])
  // the panel checks once a frame, and a software-rendered frame of the studio can take seconds here
  await expect.poll(() => modulation()!.sources.find((s) => s.id === midi.id)!.params, { timeout: 20_000 }).toMatchObject({ message: 'cc', channel: 5, number: 74 })
  expect(button('Learn', row)).toBeTruthy()
  // learning is an edit like any other
  studio.store.undo()
  await expect.poll(() => modulation()!.sources.find((s) => s.id === midi.id)!.params.number).toBe(1)
})

test('removing a source removes its bindings; a sound source offers the microphone with an explanation first', async () => {
  choose('New source type', 'audio')
  button('Add source', panel()).click()
  await expect.poll(() => panel().querySelector('.ds-mod-sound')).toBeTruthy()
  button('Microphone…', panel()).click()
  await expect.poll(() => panel().querySelector('.ds-mod-ask')?.textContent ?? '').toMatch(/Nothing is recorded/)
  button('Not now', panel()).click()
  const lfoId = modulation()!.sources.find((s) => s.type === 'lfo')!.id
  panel().querySelector<HTMLButtonElement>(`[aria-label="Remove source ${lfoId}"]`)!.click()
  await expect.poll(() => modulation()!.bindings.length).toBe(0)
})

test('an audio file dropped anywhere on the studio plays for the audio sources', async () => {
  const { encodeWav } = await import('../../src/modulation/audio/wav')
  const samples = new Float32Array(24000).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 24000))
  const transfer = new DataTransfer()
  transfer.items.add(new File([encodeWav(samples, 24000) as BlobPart], 'tone.wav', { type: 'audio/wav' }))
  const stage = root.querySelector<HTMLElement>('.ds-stage')!
  stage.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }))
  const drop = new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer })
  stage.dispatchEvent(drop)
  expect(drop.defaultPrevented).toBe(true) // the browser does not navigate to the file
  await expect.poll(() => panel().querySelector('.ds-mod-sound')?.textContent ?? '', { timeout: 15_000 }).toMatch(/Listening to “tone\.wav”/)
  button('Stop', panel()).click()
  await expect.poll(() => panel().querySelector('.ds-mod-sound')?.textContent ?? '').toMatch(/Sound: none/)
})
