import { describe, expect, test } from 'vitest'
import { analyseFlashes, FlashAnalyser, redSaturation, relativeLuminance } from '../../src/safety/flashAnalyser'
import { mulberry32 } from '../../src/core/random'

const W = 64
const H = 36
const FPS = 60

/** A frame filled by a per-pixel colour function. */
function frame(colour: (x: number, y: number) => readonly [number, number, number]): Uint8Array {
  const out = new Uint8Array(W * H * 4)
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const [r, g, b] = colour(x, y)
      const i = (y * W + x) * 4
      out[i] = r
      out[i + 1] = g
      out[i + 2] = b
      out[i + 3] = 255
    }
  return out
}
const solid = (c: readonly [number, number, number]) => frame(() => c)
const BLACK = [0, 0, 0] as const
const WHITE = [255, 255, 255] as const

/** A square wave between two frames, driven by time (frame i is at i / FPS), for `seconds`. */
function strobe(hz: number, seconds: number, a: Uint8Array, b: Uint8Array): Uint8Array[] {
  return Array.from({ length: Math.round(seconds * FPS) }, (_, i) => (Math.floor((i / FPS) * hz * 2) % 2 === 0 ? a : b))
}
const analyse = (frames: Uint8Array[]) => analyseFlashes(frames, { width: W, height: H, fps: FPS })

describe('flash analyser: golden sequences', () => {
  test('colour measures follow WCAG / IRIS', () => {
    expect(relativeLuminance(255, 255, 255)).toBeCloseTo(1)
    expect(relativeLuminance(0, 0, 0)).toBe(0)
    expect(relativeLuminance(255, 0, 0)).toBeCloseTo(0.2126)
    expect(redSaturation(255, 0, 0)).toBeCloseTo(320)
    expect(redSaturation(128, 128, 128)).toBe(0)
    expect(redSaturation(255, 200, 200)).toBe(0)
  })

  test('4 Hz full-frame black/white fails', () => {
    const report = analyse(strobe(4, 3, solid(BLACK), solid(WHITE)))
    expect(report.verdict).toBe('fail')
    expect(report.luminance.verdict).toBe('fail')
    expect(report.maxTransitionsPerSecond).toBe(8)
  })

  test('3 Hz for 6 s is an extended fail (never more than 6 a second)', () => {
    const report = analyse(strobe(3, 6, solid(BLACK), solid(WHITE)))
    expect(report.maxTransitionsPerSecond).toBe(6)
    expect(report.verdict).toBe('extended-fail')
  })

  test('3 Hz for 3 s is only a warning (pass)', () => {
    const frames = [...strobe(3, 3, solid(BLACK), solid(WHITE)), ...strobe(0, 3, solid(BLACK), solid(BLACK))]
    const report = analyse(frames)
    expect(report.verdict).toBe('pass')
    expect(report.luminance.warningFrames).toBeGreaterThan(0)
  })

  test('1.5 Hz passes', () => {
    const report = analyse(strobe(1.5, 8, solid(BLACK), solid(WHITE)))
    expect(report.verdict).toBe('pass')
    expect(report.maxTransitionsPerSecond).toBe(3)
    expect(report.luminance.warningFrames).toBe(0)
  })

  test('a small flashing area passes (area rule), the same flash over a third of the frame fails', () => {
    const grey = [90, 90, 90] as const
    const patch = (fraction: number, c: readonly [number, number, number]) =>
      frame((x) => (x < W * fraction ? c : grey))
    expect(analyse(strobe(6, 3, patch(0.2, BLACK), patch(0.2, WHITE))).verdict).toBe('pass')
    expect(analyse(strobe(6, 3, patch(0.34, BLACK), patch(0.34, WHITE))).verdict).toBe('fail')
  })

  test('balanced white noise passes', () => {
    const random = mulberry32(7)
    const frames = Array.from({ length: 6 * FPS }, () => frame(() => (random() < 0.5 ? BLACK : WHITE)))
    const report = analyse(frames)
    expect(report.verdict).toBe('pass')
    expect(report.maxTransitionsPerSecond).toBeLessThanOrEqual(1)
  })

  test('saturated red against grey of equal luminance fails the red rule only', () => {
    // sRGB 128 grey has the luminance of pure red within a percent
    expect(Math.abs(relativeLuminance(128, 128, 128) - relativeLuminance(255, 0, 0))).toBeLessThan(0.01)
    const report = analyse(strobe(4, 3, solid([255, 0, 0]), solid([128, 128, 128])))
    expect(report.luminance.verdict).toBe('pass')
    expect(report.luminance.transitions).toBe(0)
    expect(report.red.verdict).toBe('fail')
    expect(report.verdict).toBe('fail')
  })

  test('a per-frame toggle fails at 60 fps', () => {
    const frames = Array.from({ length: 2 * FPS }, (_, i) => solid(i % 2 ? WHITE : BLACK))
    const report = analyse(frames)
    expect(report.verdict).toBe('fail')
    expect(report.maxTransitionsPerSecond).toBe(60)
  })

  test('flashes between two bright states (darker above 0.8) do not count', () => {
    const report = analyse(strobe(8, 2, solid([235, 235, 235]), solid(WHITE)))
    expect(relativeLuminance(235, 235, 235)).toBeGreaterThan(0.8)
    expect(report.luminance.transitions).toBe(0)
  })

  test('a slow fade is one transition; a fade slower than 0.1 per second is none', () => {
    const fade = (seconds: number) =>
      Array.from({ length: seconds * FPS }, (_, i) => {
        const v = Math.round(255 * Math.pow(i / (seconds * FPS - 1), 1 / 2.2))
        return solid([v, v, v])
      })
    expect(analyse(fade(2)).luminance.transitions).toBe(1)
    expect(analyse(fade(20)).luminance.transitions).toBe(0)
  })

  test('streaming and whole-sequence analysis agree; bad input is refused', () => {
    const frames = strobe(4, 2, solid(BLACK), solid(WHITE))
    const analyser = new FlashAnalyser(W, H, FPS)
    for (const f of frames) analyser.push(f)
    expect(analyser.report()).toEqual(analyse(frames))
    expect(() => analyser.push(new Uint8Array(4))).toThrow()
    expect(() => new FlashAnalyser(W, H, 29.97)).toThrow()
  })
})
