/**
 * `dreamscape render --audio track.wav`: the track is decoded and analysed here in node, frame by frame at the
 * render's frame times, with the same `audioFeatures` the live page uses; the page only plays the numbers back.
 * So a render synced to music is reproducible: the same track, document and frame times give the same bytes.
 * The track's time is the dream time: frame t shows the sound at t seconds into the track.
 */
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { analyseTrack, type AudioTrackFeatures } from '../modulation/audio/offline'
import { decodeWav, WavError, type DecodedAudio } from '../modulation/audio/wav'

/** A WAV of an hour at 48 kHz stereo 16-bit is about 660 MB; more than this is refused before reading it. */
export const MAX_AUDIO_BYTES = 1024 * 1024 * 1024

/** Reads and decodes a WAV file; throws an Error whose message is ready for the terminal. */
export async function loadAudioTrack(path: string): Promise<DecodedAudio> {
  const full = resolve(process.cwd(), path)
  const info = await stat(full).catch(() => undefined)
  if (!info) throw new Error(`--audio ${path}: no such file`)
  if (!info.isFile()) throw new Error(`--audio ${path}: not a file`)
  if (info.size > MAX_AUDIO_BYTES) throw new Error(`--audio ${path}: ${Math.round(info.size / 1048576)} MB is more than the ${MAX_AUDIO_BYTES / 1048576} MB read here`)
  try {
    return decodeWav(new Uint8Array(await readFile(full)))
  } catch (error) {
    if (error instanceof WavError) throw new Error(`--audio ${path}: ${error.message}`)
    throw error
  }
}

/** The features a video needs: one frame per video frame. */
export const videoAudio = (audio: DecodedAudio, start: number, fps: number, duration: number): AudioTrackFeatures => analyseTrack(audio, start, fps, Math.round(duration * fps))

/** A still's features: the frame at `time`, as a 30 fps video would see it (onset history included). */
export const stillAudio = (audio: DecodedAudio, time: number): AudioTrackFeatures => analyseTrack(audio, time, 30, 1)
