/**
 * The live inputs: what the adapters (audio analysis, Web MIDI, pointer and tilt) write and the modulation sources
 * read each frame. One mutable object per page, filled in place: nothing here allocates per frame.
 * Every value is raw (no smoothing: the sources smooth, each with its own attack/release or smoothing).
 */

/** Audio analysis, one analysis frame: every feature 0..1. */
export interface AudioInputs {
  active: boolean
  level: number
  bass: number
  mid: number
  treble: number
  onset: number
}

/** Web MIDI state: the last value of every CC and the velocity of every held note, per channel. */
export interface MidiInputs {
  active: boolean
  /** 16 * 128 values 0..1, index channel * 128 + number (channel 0..15 here: MIDI channel 1 is index 0). */
  cc: Float32Array
  /** 16 * 128 note velocities 0..1, 0 when released; same indexing as cc. */
  notes: Float32Array
  /** The last message received, for MIDI learn (channel 1..16). */
  lastEvent: { kind: 'cc' | 'note'; channel: number; number: number } | null
}

/** Pointer and device orientation. */
export interface PointerInputs {
  active: boolean
  /** -1..1, centre 0 (y up). */
  x: number
  y: number
  /** 0..1: how far the page or the dream has been scrolled. */
  scroll: number
  /** Device tilt, -1..1. */
  tiltX: number
  tiltY: number
}

export interface ModulationInputs {
  audio: AudioInputs
  midi: MidiInputs
  pointer: PointerInputs
}

export const MIDI_CHANNELS = 16
export const MIDI_NUMBERS = 128

/** Every input at rest: all zero, nothing active. */
export function createModulationInputs(): ModulationInputs {
  return {
    audio: { active: false, level: 0, bass: 0, mid: 0, treble: 0, onset: 0 },
    midi: {
      active: false,
      cc: new Float32Array(MIDI_CHANNELS * MIDI_NUMBERS),
      notes: new Float32Array(MIDI_CHANNELS * MIDI_NUMBERS),
      lastEvent: null,
    },
    pointer: { active: false, x: 0, y: 0, scroll: 0, tiltX: 0, tiltY: 0 },
  }
}
