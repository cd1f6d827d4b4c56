/**
 * Offline analysis for renders synced to music: the features at each frame's time, computed from decoded
 * samples with the live path's own `audioFeatures`, so the same track and frame times give the same numbers
 * (and so the same frames) on every run.
 */
import { FFT_SIZE, audioFeatures, createAudioFeatureState, type AudioFeatures } from './features'
import { spectrumOf } from './spectrum'

/** Five numbers a frame, in this order. */
export const FEATURE_ORDER = ['level', 'bass', 'mid', 'treble', 'onset'] as const satisfies readonly (keyof AudioFeatures)[]

/** The features of `frames` frames at `fps` from track time `start`: what the render page plays back. */
export interface AudioTrackFeatures {
  start: number
  fps: number
  frames: number
  /**
   * Frames analysed before `start` (kept first in `values`): the onset's running mean settles over them, and the
   * render page runs the sources' smoothing over them, so the first rendered frame is heard as it is in a video.
   */
  lead: number
  /** (lead + frames) * 5 values (FEATURE_ORDER), each 0..1, rounded to 1/65535 so they cross to the page as short JSON. */
  values: number[]
}

/** Frames analysed before `start`, so the onset's running mean has settled when the first rendered frame reads it. */
const LEAD_IN_SECONDS = 1

export function analyseTrack(audio: { sampleRate: number; samples: Float32Array }, start: number, fps: number, frames: number): AudioTrackFeatures {
  if (!(fps > 0) || !Number.isFinite(start) || frames < 1) throw new Error('the analysis needs a start time, a positive frame rate and at least one frame')
  const waveform = new Float32Array(FFT_SIZE)
  const spectrum = new Float32Array(FFT_SIZE / 2)
  const state = createAudioFeatureState(1 / fps)
  const features: AudioFeatures = { level: 0, bass: 0, mid: 0, treble: 0, onset: 0 }
  const values: number[] = []
  const lead = Math.ceil(LEAD_IN_SECONDS * fps)
  for (let i = -lead; i < frames; i++) {
    const time = start + i / fps
    // the analyser's window: the FFT_SIZE samples that ended at this frame's time (silence outside the track)
    const end = Math.round(time * audio.sampleRate)
    for (let n = 0; n < FFT_SIZE; n++) {
      const at = end - FFT_SIZE + n
      waveform[n] = at >= 0 && at < audio.samples.length ? audio.samples[at]! : 0
    }
    audioFeatures(spectrumOf(waveform, spectrum), waveform, audio.sampleRate, state, features)
    for (const name of FEATURE_ORDER) values.push(Math.round(features[name] * 65535) / 65535)
  }
  return { start, fps, frames, lead, values }
}

/** The dream times of the lead-in frames, oldest first. */
export const leadTimes = (track: AudioTrackFeatures) => Array.from({ length: track.lead }, (_, i) => track.start + (i - track.lead) / track.fps)

/** The features of the frame at dream time `time` (nearest analysed frame, lead-in included, held at the ends). */
export function featuresAt(track: AudioTrackFeatures, time: number, out: AudioFeatures): AudioFeatures {
  const frame = Math.min(track.lead + track.frames - 1, Math.max(0, Math.round((time - track.start) * track.fps) + track.lead))
  const at = frame * FEATURE_ORDER.length
  out.level = track.values[at]!
  out.bass = track.values[at + 1]!
  out.mid = track.values[at + 2]!
  out.treble = track.values[at + 3]!
  out.onset = track.values[at + 4]!
  return out
}
