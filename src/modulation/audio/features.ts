/**
 * Audio features for modulation: level, bass, mid, treble and onset, each 0..1, from one analysis frame.
 *
 * One pure function serves the live path (a Web Audio AnalyserNode in the page) and the offline path
 * (`dreamscape render --audio`, which computes the same spectrum in JS, see spectrum.ts), so a render synced
 * to a track sees what the studio showed. Why no library (meyda): the AnalyserNode already does the FFT
 * natively, band energies and a spectral-flux onset are a few loops, and meyda would add its FFT, its node
 * dependencies and some 30 KiB to a chunk that only needs these five numbers.
 */

/** What AnalyserNode.getFloatFrequencyData writes: dB of |X[k]| / fftSize, Blackman-windowed, k < fftSize / 2. */
export type Spectrum = Float32Array
/** What AnalyserNode.getFloatTimeDomainData writes: the last fftSize samples, -1..1. */
export type Waveform = Float32Array

export interface AudioFeatures {
  level: number
  bass: number
  mid: number
  treble: number
  onset: number
}

/** Band edges in Hz: bass is the kick and the bass line, treble the hats and the air. */
export const BANDS = { bass: [20, 250], mid: [250, 2000], treble: [2000, 16000] } as const

/** The analyser's FFT size, live and offline: 2048 samples = 43 ms at 48 kHz, bins of 23 Hz (the bass band needs them). */
export const FFT_SIZE = 2048

/** Band energy in dB mapped to 0..1: a full-scale sine in one band reads about 1, -70 dB and below 0. */
const BAND_FLOOR_DB = -70
const BAND_CEIL_DB = -10
/** RMS level in dBFS mapped to 0..1. */
const LEVEL_FLOOR_DB = -60
/** Silence in the spectrum (AnalyserNode gives -Infinity for an exact zero). */
const SPECTRUM_FLOOR_DB = -100
/** Onset: how far the spectral flux must rise over its running mean, and the rise that reads as 1. */
const ONSET_RATIO = 1.5
const ONSET_SPAN = 3
/** Flux below this (mean dB rise per bin) is noise, never an onset. */
const ONSET_FLOOR = 0.5
/** The running mean of the flux forgets over about half a second. */
const FLUX_MEMORY_SECONDS = 0.5
/** The flux looks at bins up to this frequency: kicks, snares and plucks, not the hiss above. */
const FLUX_MAX_HZ = 8000

export interface AudioFeatureState {
  /** Seconds between two calls (the frame interval): the flux memory is in seconds, whatever the frame rate. */
  hop: number
  previous: Float32Array | null
  fluxMean: number
}

export function createAudioFeatureState(hop = 1 / 60): AudioFeatureState {
  return { hop, previous: null, fluxMean: 0 }
}

const clamp01 = (value: number) => (value > 0 ? (value < 1 ? value : 1) : 0)
const floorDb = (db: number) => (db > SPECTRUM_FLOOR_DB ? db : SPECTRUM_FLOOR_DB) // also maps NaN and -Infinity

function bandEnergy(spectrum: Spectrum, sampleRate: number, low: number, high: number): number {
  const binHz = sampleRate / (spectrum.length * 2)
  const from = Math.max(1, Math.ceil(low / binHz))
  const to = Math.min(spectrum.length - 1, Math.floor(high / binHz))
  let power = 0
  for (let k = from; k <= to; k++) power += 10 ** (floorDb(spectrum[k]!) / 10)
  if (power <= 0) return 0
  return clamp01((10 * Math.log10(power) - BAND_FLOOR_DB) / (BAND_CEIL_DB - BAND_FLOOR_DB))
}

/**
 * The five features of one frame. `state` carries the previous spectrum and the flux's running mean from
 * call to call (one state per stream); `out` is filled and returned, so the live loop allocates nothing.
 */
export function audioFeatures(spectrum: Spectrum, waveform: Waveform, sampleRate: number, state: AudioFeatureState, out: AudioFeatures = { level: 0, bass: 0, mid: 0, treble: 0, onset: 0 }): AudioFeatures {
  let sum = 0
  for (let i = 0; i < waveform.length; i++) {
    const sample = waveform[i]!
    if (sample === sample) sum += sample * sample // NaN samples are skipped
  }
  const rms = waveform.length ? Math.sqrt(sum / waveform.length) : 0
  out.level = rms > 0 ? clamp01((20 * Math.log10(rms) - LEVEL_FLOOR_DB) / -LEVEL_FLOOR_DB) : 0
  out.bass = bandEnergy(spectrum, sampleRate, BANDS.bass[0], BANDS.bass[1])
  out.mid = bandEnergy(spectrum, sampleRate, BANDS.mid[0], BANDS.mid[1])
  out.treble = bandEnergy(spectrum, sampleRate, BANDS.treble[0], BANDS.treble[1])

  // Onset: half-wave rectified spectral flux (how much louder the spectrum got), over its running mean.
  const binHz = sampleRate / (spectrum.length * 2)
  const top = Math.min(spectrum.length, Math.floor(FLUX_MAX_HZ / binHz))
  let previous = state.previous
  if (!previous || previous.length !== spectrum.length) {
    previous = state.previous = new Float32Array(spectrum.length).fill(SPECTRUM_FLOOR_DB)
  }
  let flux = 0
  for (let k = 1; k < top; k++) {
    const db = floorDb(spectrum[k]!)
    const rise = db - previous[k]!
    if (rise > 0) flux += rise
  }
  flux /= Math.max(1, top - 1)
  for (let k = 0; k < spectrum.length; k++) previous[k] = floorDb(spectrum[k]!)
  const threshold = Math.max(ONSET_FLOOR, state.fluxMean * ONSET_RATIO)
  out.onset = clamp01((flux - threshold) / (threshold * ONSET_SPAN))
  const forget = 1 - Math.exp(-Math.max(state.hop, 1e-4) / FLUX_MEMORY_SECONDS)
  state.fluxMean += (flux - state.fluxMean) * forget
  return out
}
