/**
 * The Web MIDI adapter: every connected input's CC values and note velocities into `inputs.midi`, and the
 * last message in `lastEvent` for MIDI learn. It takes a MIDIAccess-like object so tests inject their own;
 * `requestMidi` asks the browser for the real one and explains a browser without Web MIDI or a refusal.
 * Loaded with import() only when a document has a MIDI source (or the studio's learn button is used).
 */
import { MIDI_NUMBERS, type ModulationInputs } from '../inputs'

/** The part of MIDIMessageEvent read here. */
export interface MidiMessageLike {
  data: Uint8Array | null
}

/** The part of MIDIInput used: message events, and a name for the panel. */
export interface MidiInputLike {
  id: string
  name?: string | null
  addEventListener(type: 'midimessage', listener: (event: MidiMessageLike) => void): void
  removeEventListener(type: 'midimessage', listener: (event: MidiMessageLike) => void): void
}

/** The part of MIDIAccess used: its inputs (a map-like) and the statechange event for devices plugged in later. */
export interface MidiAccessLike {
  inputs: { values(): Iterable<MidiInputLike> }
  addEventListener(type: 'statechange', listener: () => void): void
  removeEventListener(type: 'statechange', listener: () => void): void
}

export interface MidiSession {
  /** Names of the inputs listened to now. */
  devices(): string[]
  stop(): void
}

export class MidiStartError extends Error {
  override readonly name = 'MidiStartError'
  constructor(
    message: string,
    readonly reason: 'unsupported' | 'refused',
  ) {
    super(message)
  }
}

/** Applies one raw MIDI message (status, data1, data2) to the inputs. Other messages (clock, sysex, bend) are ignored. */
export function applyMidiMessage(inputs: ModulationInputs, data: ArrayLike<number>) {
  if (data.length < 3) return
  const status = data[0]! & 0xf0
  const channel = data[0]! & 0x0f
  const number = data[1]! & 0x7f
  const value = (data[2]! & 0x7f) / 127
  const midi = inputs.midi
  const index = channel * MIDI_NUMBERS + number
  if (status === 0xb0) {
    midi.cc[index] = value
    midi.lastEvent = { kind: 'cc', channel: channel + 1, number }
  } else if (status === 0x90 || status === 0x80) {
    // note on with velocity 0 is a note off (running-status keyboards send it)
    midi.notes[index] = status === 0x90 ? value : 0
    if (status === 0x90 && value > 0) midi.lastEvent = { kind: 'note', channel: channel + 1, number }
  }
}

/** Listens to every input of `access`, now and as devices come and go, until stop(). */
export function connectMidi(inputs: ModulationInputs, access: MidiAccessLike): MidiSession {
  const listening = new Map<string, MidiInputLike>()
  const onMessage = (event: MidiMessageLike) => {
    if (event.data) applyMidiMessage(inputs, event.data)
  }
  const refresh = () => {
    const present = new Set<string>()
    for (const input of access.inputs.values()) {
      present.add(input.id)
      if (listening.has(input.id)) continue
      input.addEventListener('midimessage', onMessage)
      listening.set(input.id, input)
    }
    for (const [id, input] of listening)
      if (!present.has(id)) {
        input.removeEventListener('midimessage', onMessage)
        listening.delete(id)
      }
  }
  refresh()
  access.addEventListener('statechange', refresh)
  inputs.midi.active = true
  return {
    devices: () => [...listening.values()].map((input) => input.name || input.id),
    stop() {
      access.removeEventListener('statechange', refresh)
      for (const input of listening.values()) input.removeEventListener('midimessage', onMessage)
      listening.clear()
      const midi = inputs.midi
      midi.active = false
      midi.cc.fill(0)
      midi.notes.fill(0)
      midi.lastEvent = null
    },
  }
}

/** Asks the browser for Web MIDI (a prompt in some browsers) and connects it. */
export async function requestMidi(inputs: ModulationInputs, nav: { requestMIDIAccess?: (options?: { sysex?: boolean }) => Promise<MidiAccessLike> } = navigator as never): Promise<MidiSession> {
  if (typeof nav.requestMIDIAccess !== 'function')
    throw new MidiStartError('This browser has no Web MIDI (Chrome, Edge, Opera and Firefox have it; Safari does not). MIDI sources rest at 0 here.', 'unsupported')
  let access: MidiAccessLike
  try {
    access = await nav.requestMIDIAccess({ sysex: false })
  } catch (error) {
    const name = error instanceof DOMException ? error.name : ''
    if (name === 'NotAllowedError' || name === 'SecurityError')
      throw new MidiStartError('MIDI was refused. Allow MIDI devices for this page in the browser’s site settings, then try again.', 'refused')
    throw new MidiStartError(`MIDI could not start: ${error instanceof Error ? error.message : String(error)}`, 'unsupported')
  }
  return connectMidi(inputs, access)
}
