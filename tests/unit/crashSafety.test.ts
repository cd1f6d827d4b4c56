/**
 * The crash envelope as a flash source: at the fastest time speed and the shortest cycle, bursts stay at least
 * MIN_BURST_GAP display seconds apart and a cycle lasts at least MIN_DISPLAY_PERIOD display seconds, so the
 * envelope (what every glitch layer's intensity follows) swings by more than a tenth at most four times in any
 * display second, short of a FAIL at the source (it was 15 at time speed 4); the flash limiter holds the rest.
 */
import { describe, expect, test } from 'vitest'
import { crashSchedule, crashState, MIN_BURST_GAP } from '../../src/core/crash'

const FPS = 60
const hostile = { crashMode: 'loop', crashPeriod: 6, crashSeverity: 1, speed: 4 }

/** Monotone runs of the envelope of at least `threshold`, counted once each, in any window of FPS frames. */
function maxSwingsPerSecond(values: number[], threshold: number): number {
  const counted: number[] = []
  let run = 0
  let runCounted = false
  for (let i = 1; i < values.length; i++) {
    const diff = values[i]! - values[i - 1]!
    if ((diff >= 0 && run >= 0) || (diff <= 0 && run <= 0)) run += diff
    else {
      run = diff
      runCounted = false
    }
    const now = !runCounted && Math.abs(run) >= threshold
    if (now) runCounted = true
    counted.push(now ? 1 : 0)
  }
  let worst = 0
  for (let i = 0; i + FPS <= counted.length; i++) worst = Math.max(worst, counted.slice(i, i + FPS).reduce((a, b) => a + b, 0))
  return worst
}

describe('crash envelope: photosensitive spacing', () => {
  test('bursts are spaced in display time whatever the time speed', () => {
    for (let seed = 1; seed < 40; seed++)
      for (let cycle = 0; cycle < 5; cycle++) {
        const { bursts } = crashSchedule(seed, 6, cycle, MIN_BURST_GAP * 4)
        for (let i = 1; i < bursts.length; i++) expect(bursts[i]!.at - bursts[i - 1]!.at).toBeGreaterThanOrEqual(MIN_BURST_GAP * 4)
      }
  })

  test('at any time speed and the shortest loop the envelope swings at most four times a display second', () => {
    const swings = (speed: number, seed: number) =>
      maxSwingsPerSecond(Array.from({ length: 40 * FPS }, (_, i) => crashState({ ...hostile, speed }, seed, (i * speed) / FPS).envelope), 0.1)
    for (const speed of [0.5, 1, 2, 4]) {
      let worst = 0
      for (const seed of [1, 7, 42, 1234, 99999]) worst = Math.max(worst, swings(speed, seed))
      console.log(`time speed ${speed}: at most ${worst} envelope swings per display second`)
      expect(worst, `time speed ${speed}`).toBeLessThanOrEqual(4)
    }
    // speed 0 in the settings turns both spacings off: the schedule as it was, played at time speed 4
    const before = maxSwingsPerSecond(Array.from({ length: 40 * FPS }, (_, i) => crashState({ ...hostile, speed: 0 }, 42, (i * 4) / FPS).envelope), 0.1)
    console.log(`unspaced schedule at time speed 4: ${before} swings per display second`)
    expect(before).toBeGreaterThan(6)
  })

  test('the cycle lasts at least MIN_DISPLAY_PERIOD display seconds: time speed 4 stretches it in dream time', () => {
    const at = (speed: number, displaySeconds: number) => crashState({ ...hostile, speed }, 42, displaySeconds * speed)
    for (const seconds of [0.5, 2.1, 3.3, 4.4, 5.9]) expect(at(4, seconds).phase).toBe(at(1, seconds).phase)
    expect(crashState({ ...hostile, speed: 4 }, 42, 23.9).cycle).toBe(0)
  })
})
