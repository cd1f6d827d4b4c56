/**
 * The AnalyserNode's spectrum computed in JS, for the offline path (no Web Audio in node): the last FFT_SIZE
 * samples, a Blackman window, |X[k]| / N in dB, as the Web Audio specification defines getFloatFrequencyData
 * (with smoothingTimeConstant 0, which the live path sets too: the sources smooth, not the analyser).
 */

interface FftTables {
  size: number
  window: Float64Array
  cos: Float64Array
  sin: Float64Array
  reversed: Uint32Array
  re: Float64Array
  im: Float64Array
}

const tables = new Map<number, FftTables>()

function tablesFor(size: number): FftTables {
  let found = tables.get(size)
  if (found) return found
  if (size < 2 || (size & (size - 1)) !== 0) throw new Error(`the FFT size must be a power of two (got ${size})`)
  const window = new Float64Array(size)
  for (let n = 0; n < size; n++) window[n] = 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / size) + 0.08 * Math.cos((4 * Math.PI * n) / size)
  const cos = new Float64Array(size / 2)
  const sin = new Float64Array(size / 2)
  for (let k = 0; k < size / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size)
    sin[k] = -Math.sin((2 * Math.PI * k) / size)
  }
  const bits = Math.log2(size)
  const reversed = new Uint32Array(size)
  for (let i = 0; i < size; i++) {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    reversed[i] = r
  }
  found = { size, window, cos, sin, reversed, re: new Float64Array(size), im: new Float64Array(size) }
  tables.set(size, found)
  return found
}

/**
 * Fills `spectrum` (length size / 2) with the dB spectrum of `waveform` (length size, the newest sample
 * last). Iterative radix-2 FFT over the windowed samples.
 */
export function spectrumOf(waveform: Float32Array, spectrum: Float32Array = new Float32Array(waveform.length / 2)): Float32Array {
  const size = waveform.length
  const { window, cos, sin, reversed, re, im } = tablesFor(size)
  for (let i = 0; i < size; i++) {
    const sample = waveform[reversed[i]!]!
    re[i] = (sample === sample ? sample : 0) * window[reversed[i]!]!
    im[i] = 0
  }
  for (let span = 2; span <= size; span *= 2) {
    const half = span / 2
    const step = size / span
    for (let start = 0; start < size; start += span) {
      for (let j = 0; j < half; j++) {
        const wr = cos[j * step]!
        const wi = sin[j * step]!
        const a = start + j
        const b = a + half
        const tr = re[b]! * wr - im[b]! * wi
        const ti = re[b]! * wi + im[b]! * wr
        re[b] = re[a]! - tr
        im[b] = im[a]! - ti
        re[a] = re[a]! + tr
        im[a] = im[a]! + ti
      }
    }
  }
  for (let k = 0; k < size / 2; k++) {
    const magnitude = Math.hypot(re[k]!, im[k]!) / size
    spectrum[k] = magnitude > 0 ? 20 * Math.log10(magnitude) : -Infinity
  }
  return spectrum
}
