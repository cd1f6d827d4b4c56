/**
 * The SleepSync crash: a seeded schedule of glitch bursts. Pure (no DOM, no GPU): the same seed, settings and
 * time give the same envelope on every machine, so every viewer of a link sees the same crash at the same second.
 *
 * One cycle of `period` seconds runs through five phases:
 *   calm    the dream is whole; a faint hum of glitch
 *   surge   the sync falters: seeded bursts that grow and overlap
 *   crash   the link breaks: high, jittering intensity
 *   static  the signal is lost: the envelope pinned at its peak
 *   restore the dream comes back, with a few aftershocks
 * 'once' plays one cycle and then stays calm; 'loop' repeats with fresh (seeded) timings each cycle.
 */
import { seededRandom } from './random'

export type CrashMode = 'off' | 'once' | 'loop'
export type CrashPhase = 'calm' | 'surge' | 'crash' | 'static' | 'restore'
export const CRASH_PHASES: readonly CrashPhase[] = ['calm', 'surge', 'crash', 'static', 'restore']

export interface CrashSettings {
  crashMode: string
  crashPeriod: number
  crashSeverity: number
  /** The scene's time speed (dream seconds per display second): bursts are spaced in display time. */
  speed?: number
}

/**
 * Display seconds between two bursts, at least. A burst is a rise and a fall of every glitch layer at once, so
 * bursts closer than this would make the glitches flash faster than the photosensitive limits (three changes a
 * second) before the flash limiter even looks; at time speed 4 the schedule's own spacing shrinks fourfold.
 */
export const MIN_BURST_GAP = 1
/**
 * The shortest cycle in display seconds (the scene's own minimum crash period): at time speed 4 a 6 s cycle would
 * rise and fall four times as often, so the cycle is stretched in dream time to last at least this long on screen.
 */
export const MIN_DISPLAY_PERIOD = 6

export interface CrashSchedule {
  /** Start time of each phase within the cycle, in seconds from the cycle start, in CRASH_PHASES order. */
  starts: readonly number[]
  period: number
  /** Burst times (seconds from the cycle start) during the surge and the restore aftershocks. */
  bursts: readonly { at: number; strength: number }[]
}

export interface CrashState {
  phase: CrashPhase
  /** 0..1 progress through the current phase. */
  progress: number
  cycle: number
  /** The value fed to glitch layers as uCrash: 0..1. */
  envelope: number
}

/** The envelope's floor: glitch layers keep a faint hum even in the calm, so the dream never looks untouched. */
export const CALM_LEVEL = 0.06

const clamp01 = (x: number) => Math.min(1, Math.max(0, x))
const smooth = (x: number) => {
  const t = clamp01(x)
  return t * t * (3 - 2 * t)
}

/** The phase timings of one cycle: fractions of the period drawn from the seed, different every cycle. */
export function crashSchedule(seed: number, period: number, cycle: number, minBurstGap = 0): CrashSchedule {
  const random = seededRandom(seed, `crash-${cycle}`)
  const calm = 0.4 + random() * 0.15
  const surge = 0.14 + random() * 0.08
  const crash = 0.09 + random() * 0.06
  const dead = 0.05 + random() * 0.05
  const fractions = [calm, surge, crash, dead]
  const starts = [0]
  for (const fraction of fractions) starts.push((starts[starts.length - 1] ?? 0) + fraction * period)
  const surgeStart = starts[1] ?? 0
  const surgeLength = (starts[2] ?? 0) - surgeStart
  const restoreStart = starts[4] ?? 0
  const bursts: { at: number; strength: number }[] = []
  // surge bursts: more, and stronger, towards the crash
  const surgeBursts = 3 + Math.floor(random() * 4)
  for (let i = 0; i < surgeBursts; i++) {
    const position = (i + 0.2 + random() * 0.6) / surgeBursts
    bursts.push({ at: surgeStart + position * surgeLength, strength: 0.35 + 0.65 * position * (0.6 + random() * 0.4) })
  }
  // aftershocks during the restore
  const aftershocks = 1 + Math.floor(random() * 3)
  const restoreLength = period - restoreStart
  for (let i = 0; i < aftershocks; i++)
    bursts.push({ at: restoreStart + restoreLength * (0.15 + 0.6 * random()), strength: 0.25 + random() * 0.35 })
  return { starts, period, bursts: spaced(bursts, minBurstGap) }
}

/** Bursts at least `gap` seconds apart: of two that come too close, the first stays (drawn after all random draws, so
 * a schedule whose bursts are already spaced is unchanged). */
function spaced(bursts: { at: number; strength: number }[], gap: number): { at: number; strength: number }[] {
  if (gap <= 0) return bursts
  const kept: { at: number; strength: number }[] = []
  for (const burst of [...bursts].sort((a, b) => a.at - b.at)) {
    const last = kept[kept.length - 1]
    if (!last || burst.at - last.at >= gap) kept.push(burst)
  }
  return kept
}

/** A seeded, smooth 1-D value noise in [0, 1]: the crash's jitter, continuous in time (no frame-rate dependence). */
function jitter(seed: number, time: number, rate: number): number {
  const x = time * rate
  const i = Math.floor(x)
  const a = seededRandom(seed, `jitter-${i}`)()
  const b = seededRandom(seed, `jitter-${i + 1}`)()
  return a + (b - a) * smooth(x - i)
}

/** A burst: a fast attack and a slower decay. */
function burstShape(dt: number): number {
  if (dt < -0.08 || dt > 0.9) return 0
  return dt < 0 ? smooth((dt + 0.08) / 0.08) : Math.exp(-dt * 4.5)
}

/** The raw (severity 1) envelope of a cycle at a time within it. */
function rawEnvelope(seed: number, schedule: CrashSchedule, local: number, absolute: number): { phase: CrashPhase; progress: number; value: number } {
  const { starts, period, bursts } = schedule
  let index = 0
  for (let i = 1; i < starts.length; i++) if (local >= (starts[i] ?? Infinity)) index = i
  const start = starts[index] ?? 0
  const end = starts[index + 1] ?? period
  const progress = clamp01((local - start) / Math.max(end - start, 1e-6))
  const phase = CRASH_PHASES[index] ?? 'calm'
  let burst = 0
  for (const b of bursts) burst = Math.max(burst, b.strength * burstShape(local - b.at))
  const wobble = jitter(seed, absolute, 3.1)
  let value: number
  switch (phase) {
    case 'calm':
      value = CALM_LEVEL * (0.7 + 0.6 * wobble)
      break
    case 'surge':
      value = CALM_LEVEL + (0.62 - CALM_LEVEL) * smooth(progress) * (0.85 + 0.15 * wobble)
      break
    case 'crash':
      value = 0.64 + 0.3 * smooth(progress) + 0.06 * (wobble - 0.5)
      break
    case 'static':
      value = 1
      break
    case 'restore':
      value = CALM_LEVEL + (1 - CALM_LEVEL) * Math.pow(1 - smooth(progress), 2.2)
      break
  }
  return { phase, progress, value: clamp01(Math.max(value, burst)) }
}

/**
 * The crash at a dream time. With the crash off the envelope is 1: glitch layers then run at their own intensity.
 * Severity scales everything above the calm hum: severity 0 keeps the dream calm throughout.
 */
export function crashState(settings: CrashSettings, seed: number, time: number): CrashState {
  if (settings.crashMode !== 'once' && settings.crashMode !== 'loop') return { phase: 'calm', progress: 0, cycle: 0, envelope: 1 }
  const speed = Math.max(settings.speed ?? 1, 0)
  const period = Math.max(settings.crashPeriod, MIN_DISPLAY_PERIOD * speed, 1)
  const t = Math.max(time, 0)
  const cycle = Math.floor(t / period)
  const local = t - cycle * period
  if (settings.crashMode === 'once' && cycle > 0) {
    // after the one crash the dream stays calm for good
    const value = CALM_LEVEL * (0.7 + 0.6 * jitter(seed, t, 3.1))
    return { phase: 'calm', progress: 1, cycle: 0, envelope: value }
  }
  const schedule = crashSchedule(seed, period, cycle, MIN_BURST_GAP * speed)
  const raw = rawEnvelope(seed, schedule, local, t)
  const severity = clamp01(settings.crashSeverity)
  const envelope = raw.value <= CALM_LEVEL ? raw.value : CALM_LEVEL + (raw.value - CALM_LEVEL) * severity
  return { phase: raw.phase, progress: raw.progress, cycle, envelope }
}

/** Just the envelope (uCrash). */
export const crashEnvelopeAt = (settings: CrashSettings, seed: number, time: number): number => crashState(settings, seed, time).envelope
