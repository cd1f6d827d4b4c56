/**
 * A WAV decoder for `dreamscape render --audio`: RIFF/WAVE with integer PCM (8, 16, 24, 32 bit) or IEEE float
 * (32, 64 bit), plain or WAVE_FORMAT_EXTENSIBLE, mixed down to one channel. Decoded in node rather than with
 * an OfflineAudioContext in the render page: no browser resampling or codec in the way, so the same file gives
 * the same samples on every machine, and a bad file is refused before a browser is started.
 */

export interface DecodedAudio {
  sampleRate: number
  /** Mono, -1..1. */
  samples: Float32Array
  channels: number
  duration: number
}

export class WavError extends Error {
  override readonly name = 'WavError'
}

const PCM = 1
const FLOAT = 3
const EXTENSIBLE = 0xfffe
/** More than this is not a track anyone renders to (and would not fit the analysis in memory comfortably). */
export const MAX_WAV_SECONDS = 60 * 60

const text = (view: DataView, at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3))

export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 12 || text(view, 0) !== 'RIFF' || text(view, 8) !== 'WAVE') throw new WavError('this is not a WAV file (no RIFF/WAVE header); convert it to WAV first, e.g. ffmpeg -i track.mp3 track.wav')
  let format: { tag: number; channels: number; sampleRate: number; bits: number; blockAlign: number } | undefined
  let data: { at: number; size: number } | undefined
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = text(view, at)
    const size = view.getUint32(at + 4, true)
    const body = at + 8
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavError('the WAV format chunk is cut short')
      let tag = view.getUint16(body, true)
      if (tag === EXTENSIBLE) {
        if (size < 40 || body + 26 > bytes.length) throw new WavError('the WAV extensible format chunk is cut short')
        tag = view.getUint16(body + 24, true) // the sub-format GUID starts with the format tag
      }
      format = { tag, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), blockAlign: view.getUint16(body + 12, true), bits: view.getUint16(body + 14, true) }
    } else if (id === 'data') {
      data = { at: body, size: Math.min(size, bytes.length - body) } // a truncated file still gives its samples
      if (format) break
    }
    at = body + size + (size & 1) // chunks are padded to even sizes
  }
  if (!format) throw new WavError('the WAV file has no format chunk')
  if (!data) throw new WavError('the WAV file has no data chunk')
  const { tag, channels, sampleRate, bits } = format
  const supported = (tag === PCM && [8, 16, 24, 32].includes(bits)) || (tag === FLOAT && (bits === 32 || bits === 64))
  if (!supported) throw new WavError(`this WAV holds ${tag === FLOAT ? 'float' : tag === PCM ? 'PCM' : `format ${tag}`} samples of ${bits} bits; supported: PCM 8/16/24/32-bit and float 32/64-bit`)
  if (channels < 1 || channels > 32) throw new WavError(`the WAV file says it has ${channels} channels`)
  if (sampleRate < 3000 || sampleRate > 384000) throw new WavError(`the WAV sample rate ${sampleRate} Hz is not usable (3000..384000)`)
  const bytesPerSample = bits / 8
  const frameBytes = bytesPerSample * channels
  const frames = Math.floor(data.size / frameBytes)
  if (frames === 0) throw new WavError('the WAV file holds no samples')
  if (frames / sampleRate > MAX_WAV_SECONDS) throw new WavError(`the WAV file is ${Math.round(frames / sampleRate / 60)} minutes long; at most ${MAX_WAV_SECONDS / 60} minutes`)
  const read: (at: number) => number =
    tag === FLOAT
      ? bits === 32
        ? (at) => view.getFloat32(at, true)
        : (at) => view.getFloat64(at, true)
      : bits === 8
        ? (at) => (view.getUint8(at) - 128) / 128
        : bits === 16
          ? (at) => view.getInt16(at, true) / 32768
          : bits === 24
            ? (at) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608)
            : (at) => view.getInt32(at, true) / 2147483648
  const samples = new Float32Array(frames)
  for (let i = 0; i < frames; i++) {
    let sum = 0
    const at = data.at + i * frameBytes
    for (let c = 0; c < channels; c++) {
      const value = read(at + c * bytesPerSample)
      sum += Number.isFinite(value) ? value : 0
    }
    samples[i] = sum / channels
  }
  return { sampleRate, samples, channels, duration: frames / sampleRate }
}

/** A PCM WAV file of `samples` (-1..1), for tests and tools. */
export function encodeWav(samples: Float32Array, sampleRate: number, bits: 16 | 32 = 16): Uint8Array {
  const bytesPerSample = bits / 8
  const bytes = new Uint8Array(44 + samples.length * bytesPerSample)
  const view = new DataView(bytes.buffer)
  const put = (at: number, value: string) => { for (let i = 0; i < 4; i++) view.setUint8(at + i, value.charCodeAt(i)) }
  put(0, 'RIFF')
  view.setUint32(4, bytes.length - 8, true)
  put(8, 'WAVE')
  put(12, 'fmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, bits === 32 ? FLOAT : PCM, true)
  view.setUint16(22, 1, true)
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * bytesPerSample, true)
  view.setUint16(32, bytesPerSample, true)
  view.setUint16(34, bits, true)
  put(36, 'data')
  view.setUint32(40, samples.length * bytesPerSample, true)
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!))
    if (bits === 32) view.setFloat32(44 + i * 4, s, true)
    else view.setInt16(44 + i * 2, Math.round(s * 32767), true)
  }
  return bytes
}
