import { describe, expect, test } from 'vitest'
import { CALM_LEVEL, CRASH_PHASES, crashSchedule, crashState } from '../../src/core/crash'
import { crashEnvelope } from '../../src/scene/crashEnvelope'
import { defaultScene } from '../../src/core/document'

const loop = { crashMode: 'loop', crashPeriod: 24, crashSeverity: 1 }

describe('crash behaviour', () => {
  test('off means glitch layers run at their own intensity', () => {
    expect(crashState({ ...loop, crashMode: 'off' }, 7, 12).envelope).toBe(1)
    expect(crashEnvelope(defaultScene(), 7, 3)).toBe(1)
  })

  test('same seed and time give the same envelope; another seed gives another crash', () => {
    const a = Array.from({ length: 200 }, (_, i) => crashState(loop, 42, i * 0.37).envelope)
    const b = Array.from({ length: 200 }, (_, i) => crashState(loop, 42, i * 0.37).envelope)
    const c = Array.from({ length: 200 }, (_, i) => crashState(loop, 43, i * 0.37).envelope)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    // query order does not matter (pure function of time)
    expect(crashState(loop, 42, 50.5)).toEqual(crashState(loop, 42, 50.5))
  })

  test('every cycle passes through calm, surge, crash, static, restore in order', () => {
    for (const seed of [1, 99, 123456]) {
      const seen: string[] = []
      for (let t = 0; t < 24; t += 1 / 60) {
        const { phase } = crashState(loop, seed, t)
        if (seen[seen.length - 1] !== phase) seen.push(phase)
      }
      expect(seen).toEqual([...CRASH_PHASES])
    }
  })

  test('envelope: calm is low, static is the peak, restore falls back', () => {
    const schedule = crashSchedule(5, 24, 0)
    const [, surge = 0, crash = 0, dead = 0, restore = 0] = schedule.starts
    const at = (t: number) => crashState(loop, 5, t)
    expect(at(surge * 0.5).envelope).toBeLessThanOrEqual(CALM_LEVEL * 1.3 + 1e-9)
    expect(at((dead + restore) / 2).envelope).toBe(1)
    expect(at((crash + dead) / 2).envelope).toBeGreaterThan(0.6)
    expect(at(23.99).envelope).toBeLessThan(0.5)
    for (let t = 0; t < 48; t += 0.05) {
      const e = at(t).envelope
      expect(e).toBeGreaterThanOrEqual(0)
      expect(e).toBeLessThanOrEqual(1)
    }
  })

  test('severity scales the crash; once plays a single crash then stays calm', () => {
    const schedule = crashSchedule(5, 24, 0)
    const inStatic = ((schedule.starts[3] ?? 0) + (schedule.starts[4] ?? 0)) / 2
    expect(crashState({ ...loop, crashSeverity: 0.5 }, 5, inStatic).envelope).toBeCloseTo(CALM_LEVEL + (1 - CALM_LEVEL) * 0.5)
    expect(crashState({ ...loop, crashSeverity: 0 }, 5, inStatic).envelope).toBeCloseTo(CALM_LEVEL)
    const once = { ...loop, crashMode: 'once' }
    expect(crashState(once, 5, inStatic).envelope).toBe(1)
    for (let t = 24; t < 200; t += 0.5) expect(crashState(once, 5, t).envelope).toBeLessThan(CALM_LEVEL * 1.31)
    expect(crashState(loop, 5, inStatic + 24).phase).not.toBe('calm')
  })

  test('the envelope is continuous in time: no frame-to-frame jumps bigger than a burst attack', () => {
    let previous = crashState(loop, 11, 0).envelope
    let biggest = 0
    for (let t = 1 / 240; t < 72; t += 1 / 240) {
      const e = crashState(loop, 11, t).envelope
      biggest = Math.max(biggest, Math.abs(e - previous))
      previous = e
    }
    // a cycle boundary (restore -> calm) and burst attacks (80 ms) are the fastest moves
    expect(biggest).toBeLessThan(0.2)
  })
})
