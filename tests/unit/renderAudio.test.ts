/**
 * Audio for modulation, in node: the WAV decoder, the AnalyserNode-equivalent spectrum, the features of a
 * generated signal (a 2 Hz kick and a 1 kHz tone) and the offline analysis that `render --audio` plays back.
 */
import { describe, expect, test } from 'vitest'
import { FFT_SIZE, audioFeatures, createAudioFeatureState } from '../../src/modulation/audio/features'
import { spectrumOf } from '../../src/modulation/audio/spectrum'
import { decodeWav, encodeWav, WavError } from '../../src/modulation/audio/wav'
import { analyseTrack, featuresAt, FEATURE_ORDER } from '../../src/modulation/audio/offline'

const RATE = 48000

/** A kick (a 55 Hz thump decaying in 80 ms) every 0.5 s from t = 0.25 s, over a steady quiet 1 kHz tone. */
function kickAndTone(seconds: number, tone = 0.2) {
  const samples = new Float32Array(Math.round(seconds * RATE))
  for (let i = 0; i < samples.length; i++) {
    const t = i / RATE
    const sinceKick = (t - 0.25) % 0.5
    const kick = t >= 0.25 ? Math.exp(-sinceKick / 0.08) * Math.sin(2 * Math.PI * 55 * sinceKick) * 0.9 : 0
    samples[i] = kick + tone * Math.sin(2 * Math.PI * 1000 * t)
  }
  return samples
}

describe('spectrum', () => {
  test('a full-scale sine on a bin reads 0.42 / 2 (Blackman) at its bin, as the AnalyserNode', () => {
    const bin = 64
    const waveform = new Float32Array(FFT_SIZE).map((_, n) => Math.sin((2 * Math.PI * bin * n) / FFT_SIZE))
    const spectrum = spectrumOf(waveform)
    expect(spectrum[bin]).toBeCloseTo(20 * Math.log10(0.21), 1)
    expect(spectrum[bin + 10]!).toBeLessThan(-100)
    expect(() => spectrumOf(new Float32Array(1000))).toThrow(/power of two/)
  })
})

describe('audio features', () => {
  test('silence is all zero, NaN samples change nothing', () => {
    const state = createAudioFeatureState()
    const silent = new Float32Array(FFT_SIZE)
    const out = audioFeatures(spectrumOf(silent), silent, RATE, state)
    expect(out).toEqual({ level: 0, bass: 0, mid: 0, treble: 0, onset: 0 })
    const nan = new Float32Array(FFT_SIZE).fill(NaN)
    expect(audioFeatures(spectrumOf(nan), nan, RATE, state)).toEqual({ level: 0, bass: 0, mid: 0, treble: 0, onset: 0 })
  })

  test('bands separate: a 60 Hz sine is bass, 1 kHz mid, 6 kHz treble', () => {
    const read = (hz: number) => {
      const waveform = new Float32Array(FFT_SIZE).map((_, n) => 0.8 * Math.sin((2 * Math.PI * hz * n) / RATE))
      return audioFeatures(spectrumOf(waveform), waveform, RATE, createAudioFeatureState())
    }
    const low = read(60), middle = read(1000), high = read(6000)
    expect(low.bass).toBeGreaterThan(0.8)
    expect(low.mid).toBeLessThan(0.4)
    expect(middle.mid).toBeGreaterThan(0.8)
    expect(middle.bass).toBeLessThan(0.3)
    expect(high.treble).toBeGreaterThan(0.8)
    expect(high.mid).toBeLessThan(0.4)
    expect(low.level).toBeGreaterThan(0.9) // 0.8 * 0.707 RMS = -5 dBFS
  })

  test('a 2 Hz kick over a tone: bass and onset rise at every kick, mid stays with the tone', () => {
    const track = analyseTrack({ sampleRate: RATE, samples: kickAndTone(4) }, 0, 60, 240)
    const at = (frame: number, name: (typeof FEATURE_ORDER)[number]) => track.values[(track.lead + frame) * 5 + FEATURE_ORDER.indexOf(name)]!
    expect(track.lead).toBe(60)
    expect(track.values.length).toBe((60 + 240) * 5)
    const kicks = [0.75, 1.25, 1.75, 2.25, 2.75, 3.25]
    for (const kick of kicks) {
      const frame = Math.round(kick * 60)
      // within two frames of the kick the onset fires, and between kicks it is quiet
      const onsetNear = Math.max(at(frame, 'onset'), at(frame + 1, 'onset'), at(frame + 2, 'onset'))
      expect(onsetNear, `onset at ${kick} s`).toBeGreaterThan(0.5)
      const between = Math.round((kick + 0.25) * 60)
      expect(at(between, 'onset'), `quiet at ${kick + 0.25} s`).toBe(0)
      expect(Math.max(at(frame + 1, 'bass'), at(frame + 2, 'bass'))).toBeGreaterThan(at(between, 'bass') + 0.2)
      expect(Math.abs(at(frame + 2, 'mid') - at(between, 'mid'))).toBeLessThan(0.15)
    }
    // the tone starting out of silence is an onset; then one per kick (t = 0.25 .. 3.75), none elsewhere
    expect(Math.max(at(0, 'onset'), at(1, 'onset'))).toBe(1)
    let onsets = 0
    for (let f = 5; f < 240; f++) if (at(f, 'onset') > 0.3 && at(f - 1, 'onset') <= 0.3) onsets++
    expect(onsets).toBe(8)
    expect(featuresAt(track, 0.75 + 2 / 60, { level: 0, bass: 0, mid: 0, treble: 0, onset: 0 }).bass).toBeGreaterThan(0.5)
  })

  test('the analysis is deterministic and independent of where it starts', () => {
    const audio = { sampleRate: RATE, samples: kickAndTone(3) }
    const whole = analyseTrack(audio, 0, 30, 90)
    expect(analyseTrack(audio, 0, 30, 90).values).toEqual(whole.values)
    // a render starting at 2 s sees the same frames as one that started at 0 (a lead-in settles the onset)
    const late = analyseTrack(audio, 2, 30, 30)
    expect(late.values.slice(5 * late.lead)).toEqual(whole.values.slice(5 * (whole.lead + 60), 5 * (whole.lead + 90)))
  })
})

describe('WAV decoder', () => {
  test('16-bit PCM and 32-bit float round trip, stereo is mixed down', () => {
    const samples = kickAndTone(0.1)
    const pcm = decodeWav(encodeWav(samples, RATE, 16))
    expect(pcm.sampleRate).toBe(RATE)
    expect(pcm.samples.length).toBe(samples.length)
    for (let i = 0; i < samples.length; i += 97) expect(pcm.samples[i]).toBeCloseTo(samples[i]!, 4)
    const float = decodeWav(encodeWav(samples, RATE, 32))
    expect([...float.samples.subarray(0, 50)]).toEqual([...samples.subarray(0, 50)])

    // stereo 16-bit, left = 0.5, right = -0.25: mono = 0.125
    const stereo = encodeWav(new Float32Array(8).map((_, i) => (i % 2 ? -0.25 : 0.5)), RATE, 16)
    const view = new DataView(stereo.buffer)
    view.setUint16(22, 2, true)
    view.setUint32(28, RATE * 4, true)
    view.setUint16(32, 4, true)
    const mixed = decodeWav(stereo)
    expect(mixed.channels).toBe(2)
    expect(mixed.samples.length).toBe(4)
    expect(mixed.samples[0]).toBeCloseTo(0.125, 3)
  })

  test('bad files get clear errors', () => {
    expect(() => decodeWav(new TextEncoder().encode('ID3 not a wav at all'))).toThrow(/not a WAV file/)
    expect(() => decodeWav(new Uint8Array(0))).toThrow(WavError)
    const noData = encodeWav(new Float32Array(4), RATE).slice(0, 36)
    expect(() => decodeWav(noData)).toThrow(/no data chunk/)
    const adpcm = encodeWav(new Float32Array(4), RATE)
    new DataView(adpcm.buffer).setUint16(20, 2, true)
    expect(() => decodeWav(adpcm)).toThrow(/format 2 samples/)
    const empty = encodeWav(new Float32Array(0), RATE)
    expect(() => decodeWav(empty)).toThrow(/no samples/)
  })
})

describe('dreamscape render --audio: arguments', () => {
  test('a missing, a non-WAV and an empty --audio are refused before a browser starts; a good one renders', { timeout: 300_000 }, async () => {
    const { mkdtemp, writeFile, readFile, stat } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { main } = await import('../../src/cli/main')
    const { registry } = await import('../../src/layers')
    const { createDocument } = await import('../../src/core/document')
    const { serializePreset } = await import('../../src/preset/serialize')
    const dir = await mkdtemp(join(tmpdir(), 'dreamscape-audio-'))
    const preset = join(dir, 'dream.json')
    await writeFile(preset, serializePreset(createDocument(registry, ['sky'], 7), { registry }))
    await writeFile(join(dir, 'song.mp3'), 'ID3\u0003 not a wav')
    const output: string[] = []
    const io = {
      out: (text: string) => void output.push(text),
      err: (text: string) => void output.push(text),
      readFile: (path: string) => readFile(path, 'utf8'),
      writeFile: (path: string, text: string) => writeFile(path, text),
      stat: (path: string) => stat(path).then((info) => ({ size: info.size, isFile: info.isFile() }), () => undefined),
    }
    expect(await main(['render', preset, '--audio', join(dir, 'none.wav')], io)).toBe(1)
    expect(output.at(-1)).toMatch(/--audio .*none\.wav: no such file/)
    expect(await main(['render', preset, '--audio', join(dir, 'song.mp3')], io)).toBe(1)
    expect(output.at(-1)).toMatch(/not a WAV file.*ffmpeg/)
    expect(await main(['render', preset, '--audio', dir], io)).toBe(1)
    expect(output.at(-1)).toMatch(/not a file/)
    expect(await main(['render', preset, '--audio'], io)).toBe(2)
    expect(output.at(-1)).toMatch(/--audio takes a WAV file/)

    // end to end: a WAV beside a dreamscape without audio sources renders, and says --audio changed nothing
    const wav = join(dir, 'kick.wav')
    await writeFile(wav, encodeWav(kickAndTone(1), RATE))
    const png = join(dir, 'out.png')
    output.length = 0
    expect(await main(['render', preset, '--audio', wav, '--size', '160x90', '--time', '0.8', '--out', png], io)).toBe(0)
    expect(output.join('\n')).toMatch(/no audio source: --audio changes nothing/)
    expect((await readFile(png)).subarray(1, 4).toString()).toBe('PNG')
  })
})

describe('dreamscape render --audio: reproducible frames', () => {
  test('the same track and time give the same bytes; a kick and a rest give different pictures', { timeout: 600_000 }, async () => {
    const { startHeadlessRenderer } = await import('../../src/cli/render')
    const { stillAudio } = await import('../../src/cli/renderAudio')
    const { registry } = await import('../../src/layers')
    const { createDocument } = await import('../../src/core/document')
    const { addBinding, addModulationSource, updateModulationSource } = await import('../../src/core/documentOps')
    const { loadPreset } = await import('../../src/preset/load')
    const { serializePreset } = await import('../../src/preset/serialize')
    // the sky's zenith lightness follows the bass, at full depth: a kick brightens the whole picture
    let doc = addModulationSource(createDocument(registry, ['sky'], 3), 'audio')
    const id = doc.modulation!.sources[0]!.id
    doc = updateModulationSource(doc, id, { params: { feature: 'bass', attack: 0.01, release: 0.15 } })
    const sky = doc.layers[0]!
    doc = addBinding(doc, { source: id, layer: sky.id, param: 'zenith', component: 0, depth: 0.8 }, registry)
    doc = addBinding(doc, { source: id, layer: sky.id, param: 'horizon', component: 0, depth: 0.8 }, registry)
    const loaded = loadPreset(serializePreset(doc, { registry }), { registry })
    if (!loaded.ok) throw new Error(loaded.error.message)
    const audio = decodeWav(encodeWav(kickAndTone(3), RATE))
    const renderer = await startHeadlessRenderer()
    try {
      const still = async (time: number, withAudio = true) =>
        (await renderer.render({ document: loaded.document, width: 160, height: 90, time, audio: withAudio ? stillAudio(audio, time) : undefined })).png
      const kick = await still(0.75 + 2 / 30)
      const again = await still(0.75 + 2 / 30)
      const between = await still(1.2)
      const silent = await still(0.75 + 2 / 30, false)
      expect(again.equals(kick), 'same track, same time: same bytes').toBe(true)
      expect(between.equals(kick), 'a kick and the rest between kicks differ').toBe(false)
      expect(silent.equals(kick), 'the audio reaches the picture').toBe(false)
      // a video with the track: every frame drawn, the features stepping with the frames
      const { videoAudio } = await import('../../src/cli/renderAudio')
      const video = await renderer.renderVideo({ document: loaded.document, width: 160, height: 90, fps: 8, duration: 1, start: 0.5, container: 'webm', audio: videoAudio(audio, 0.5, 8, 1) })
      expect(video.frames).toBe(8)
      expect(video.video.length).toBeGreaterThan(1000)
    } finally {
      await renderer.close()
    }
  })
})
