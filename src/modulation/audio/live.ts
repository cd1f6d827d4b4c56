/**
 * The live audio adapter: a Web Audio AnalyserNode over the microphone or a played file, read once per
 * animation frame into `inputs.audio` through the shared `audioFeatures`. Loaded with import() only when a
 * document has an audio source, so pages without one never download it.
 */
import type { ModulationInputs } from '../inputs'
import { FFT_SIZE, audioFeatures, createAudioFeatureState } from './features'

export type AudioSourceKind = 'microphone' | 'file' | 'buffer'

/** A running analysis: what plays, and how to stop it (which releases the microphone or stops the file). */
export interface AudioSession {
  kind: AudioSourceKind
  /** The file name, or the microphone's label. */
  name: string
  context: BaseAudioContext
  analyser: AnalyserNode
  /** Reads one analysis frame into the inputs now (the session's own loop calls it every animation frame). */
  update(): void
  stop(): void
}

/** A refusal or failure the page shows as it is: `reason` says what to do next. */
export class AudioStartError extends Error {
  override readonly name = 'AudioStartError'
  constructor(
    message: string,
    readonly reason: 'unsupported' | 'refused' | 'no-device' | 'busy' | 'undecodable',
  ) {
    super(message)
  }
}

function resetAudio(inputs: ModulationInputs) {
  const audio = inputs.audio
  audio.active = false
  audio.level = audio.bass = audio.mid = audio.treble = audio.onset = 0
}

/**
 * Analyses `node` (already playing in `context`) into `inputs.audio`. `loop: false` leaves the calls to
 * `update()` to the caller (tests, offline contexts); by default an animation-frame loop runs until stop().
 */
export function analyse(inputs: ModulationInputs, context: BaseAudioContext, node: AudioNode, options: { kind: AudioSourceKind; name: string; loop?: boolean; onStop?: () => void }): AudioSession {
  const analyser = context.createAnalyser()
  analyser.fftSize = FFT_SIZE
  analyser.smoothingTimeConstant = 0 // the sources smooth (attack/release), not the analyser
  node.connect(analyser)
  const spectrum = new Float32Array(analyser.frequencyBinCount)
  const waveform = new Float32Array(analyser.fftSize)
  const state = createAudioFeatureState()
  let frame = 0
  let last = 0
  let stopped = false
  const update = () => {
    if (stopped) return
    analyser.getFloatFrequencyData(spectrum)
    analyser.getFloatTimeDomainData(waveform)
    const now = performance.now()
    if (last) state.hop = Math.min(0.25, Math.max(0.001, (now - last) / 1000))
    last = now
    audioFeatures(spectrum, waveform, context.sampleRate, state, inputs.audio)
    inputs.audio.active = true
  }
  const tick = () => {
    update()
    frame = requestAnimationFrame(tick)
  }
  if (options.loop !== false) frame = requestAnimationFrame(tick)
  return {
    kind: options.kind,
    name: options.name,
    context,
    analyser,
    update,
    stop() {
      if (stopped) return
      stopped = true
      cancelAnimationFrame(frame)
      node.disconnect(analyser)
      resetAudio(inputs)
      options.onStop?.()
    },
  }
}

function audioContext(): AudioContext {
  if (typeof AudioContext === 'undefined') throw new AudioStartError('This browser has no Web Audio: the dream cannot listen here.', 'unsupported')
  return new AudioContext()
}

/**
 * Listens to the microphone. Call it from a click: the browser asks the person first. Nothing is recorded
 * or sent anywhere; only five loudness numbers a frame leave the analyser.
 */
export async function startMicrophone(inputs: ModulationInputs): Promise<AudioSession> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw new AudioStartError('This page cannot reach a microphone: the browser allows it only on https:// pages (or localhost).', 'unsupported')
  let stream: MediaStream
  try {
    // raw sound: echo cancelling and gain control would flatten the very dynamics the dream follows
    stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } })
  } catch (error) {
    const name = error instanceof DOMException ? error.name : ''
    if (name === 'NotAllowedError' || name === 'SecurityError')
      throw new AudioStartError('The microphone was refused. To let the dream listen, allow the microphone for this page in the browser’s address bar, then try again.', 'refused')
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new AudioStartError('No microphone was found on this device.', 'no-device')
    if (name === 'NotReadableError') throw new AudioStartError('The microphone is in use by another program, or the system blocked it.', 'busy')
    throw new AudioStartError(`The microphone could not start: ${error instanceof Error ? error.message : String(error)}`, 'unsupported')
  }
  const context = audioContext()
  // not awaited: without a user activation Chrome holds the promise until one comes
  void context.resume().catch(() => {})
  const node = context.createMediaStreamSource(stream)
  const label = stream.getAudioTracks()[0]?.label || 'microphone'
  return analyse(inputs, context, node, {
    kind: 'microphone',
    name: label,
    onStop: () => {
      for (const track of stream.getTracks()) track.stop()
      void context.close().catch(() => {})
    },
  })
}

/** At most this many bytes of audio file are decoded (a long lossless track, not a film). */
export const MAX_AUDIO_FILE_BYTES = 200 * 1024 * 1024

/** Plays an audio file (any format the browser decodes: mp3, ogg, wav, m4a...) on a loop and analyses it. */
export async function startAudioFile(inputs: ModulationInputs, file: Blob & { name?: string }): Promise<AudioSession> {
  if (file.size > MAX_AUDIO_FILE_BYTES) throw new AudioStartError(`This file is ${Math.round(file.size / 1048576)} MB; audio files up to ${MAX_AUDIO_FILE_BYTES / 1048576} MB can play.`, 'undecodable')
  const context = audioContext()
  let buffer: AudioBuffer
  try {
    buffer = await context.decodeAudioData(await file.arrayBuffer())
  } catch {
    void context.close().catch(() => {})
    throw new AudioStartError(`${file.name ? `“${file.name}”` : 'This file'} is not audio this browser can play (try mp3, ogg, wav or m4a).`, 'undecodable')
  }
  // not awaited: without a user activation Chrome holds the promise until one comes
  void context.resume().catch(() => {})
  const source = context.createBufferSource()
  source.buffer = buffer
  source.loop = true
  source.connect(context.destination)
  source.start()
  return analyse(inputs, context, source, {
    kind: 'file',
    name: file.name || 'audio file',
    onStop: () => {
      source.stop()
      void context.close().catch(() => {})
    },
  })
}
