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

  test('area rule over the whole frame: a strip of a fifth passes, a third fails; per 10 degree field both fail', () => {
    const grey = [90, 90, 90] as const
    const patch = (fraction: number, c: readonly [number, number, number]) =>
      frame((x) => (x < W * fraction ? c : grey))
    const wholeFrame = (frames: Uint8Array[]) => analyseFlashes(frames, { width: W, height: H, fps: FPS, regions: 'frame' })
    expect(wholeFrame(strobe(6, 3, patch(0.2, BLACK), patch(0.2, WHITE))).verdict).toBe('pass')
    expect(wholeFrame(strobe(6, 3, patch(0.34, BLACK), patch(0.34, WHITE))).verdict).toBe('fail')
    // a fifth of the width, full height, covers most of a field window: a flash for the person watching
    expect(analyse(strobe(6, 3, patch(0.2, BLACK), patch(0.2, WHITE))).verdict).toBe('fail')
  })

  test('balanced white noise passes', () => {
    // large enough that a field window's mean holds still (about 2,300 pixels per window)
    const NW = 192
    const NH = 108
    const random = mulberry32(7)
    const frames = Array.from({ length: 6 * FPS }, () => {
      const out = new Uint8Array(NW * NH * 4)
      for (let i = 0; i < NW * NH; i++) out.fill(random() < 0.5 ? 0 : 255, i * 4, i * 4 + 3)
      return out
    })
    const report = analyseFlashes(frames, { width: NW, height: NH, fps: FPS })
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
    expect(() => new FlashAnalyser(4, 4, FPS)).toThrow(/at least/)
  })
})

describe('flash analyser: per region (windows sized like a 10 degree field)', () => {
  // divisible by the 6 x 6 cell grid, so block sizes below are exact
  const RW = 120
  const RH = 72
  const GREY = [90, 90, 90] as const
  const RED = [255, 0, 0] as const
  const RED_GREY = [128, 128, 128] as const
  /** A frame with a rectangle (fractions of each side) of one colour over a background of another. */
  function block(x: number, y: number, size: readonly [number, number], inside: readonly [number, number, number], outside: readonly [number, number, number]) {
    const out = new Uint8Array(RW * RH * 4)
    for (let py = 0; py < RH; py++)
      for (let px = 0; px < RW; px++) {
        const u = (px + 0.5) / RW
        const v = (py + 0.5) / RH
        const c = u >= x && u < x + size[0] && v >= y && v < y + size[1] ? inside : outside
        out.set([c[0], c[1], c[2], 255], (py * RW + px) * 4)
      }
    return out
  }
  /** A block strobing at `hz` (square wave in dream time), optionally moving (`velocity` in sides per second). */
  function blockStrobe(options: { hz: number; seconds: number; at: [number, number]; size: [number, number]; on: readonly [number, number, number]; off: readonly [number, number, number]; background: readonly [number, number, number]; velocity?: [number, number] }) {
    const { hz, seconds, at, size, on, off, background, velocity = [0, 0] } = options
    return Array.from({ length: Math.round(seconds * FPS) }, (_, i) => {
      const t = i / FPS
      const lit = Math.floor(t * hz * 2) % 2 === 1
      return block(at[0] + velocity[0] * t, at[1] + velocity[1] * t, size, lit ? on : off, background)
    })
  }
  const analyseRegions = (frames: Uint8Array[], regions: 'field' | 'frame' = 'field') => analyseFlashes(frames, { width: RW, height: RH, fps: FPS, regions })

  test('a 4 Hz strobe over one ninth of the screen fails (and passes a whole-frame analysis)', () => {
    // placed off the window grid: no window holds it exactly
    const frames = blockStrobe({ hz: 4, seconds: 3, at: [0.41, 0.27], size: [1 / 3, 1 / 3], on: WHITE, off: BLACK, background: GREY })
    const report = analyseRegions(frames)
    expect(report.verdict).toBe('fail')
    expect(report.luminance.maxTransitionsPerSecond).toBe(8)
    expect(analyseRegions(frames, 'frame').verdict).toBe('pass')
  })

  test('the same strobe over 1/100 of the screen passes', () => {
    const report = analyseRegions(blockStrobe({ hz: 4, seconds: 3, at: [0.45, 0.45], size: [0.1, 0.1], on: WHITE, off: BLACK, background: GREY }))
    expect(report.verdict).toBe('pass')
    expect(report.maxTransitionsPerSecond).toBe(0)
  })

  test('a flashing block that moves across window borders is still caught', () => {
    // a fifth of each side (36% of a window), drifting diagonally through several windows
    const report = analyseRegions(blockStrobe({ hz: 4, seconds: 4, at: [0.02, 0.05], size: [0.2, 0.2], on: WHITE, off: BLACK, background: GREY, velocity: [0.15, 0.1] }))
    expect(report.verdict).toBe('fail')
    expect(report.luminance.maxTransitionsPerSecond).toBeGreaterThan(6)
  })

  test('red likewise: a ninth fails, a hundredth passes, a moving block is caught', () => {
    const ninth = analyseRegions(blockStrobe({ hz: 4, seconds: 3, at: [0.52, 0.6], size: [1 / 3, 1 / 3], on: RED, off: RED_GREY, background: RED_GREY }))
    expect(ninth.red.verdict).toBe('fail')
    expect(ninth.luminance.transitions).toBe(0)
    const hundredth = analyseRegions(blockStrobe({ hz: 4, seconds: 3, at: [0.52, 0.6], size: [0.1, 0.1], on: RED, off: RED_GREY, background: RED_GREY }))
    expect(hundredth.verdict).toBe('pass')
    const moving = analyseRegions(blockStrobe({ hz: 4, seconds: 4, at: [0.7, 0.1], size: [0.2, 0.2], on: RED, off: RED_GREY, background: RED_GREY, velocity: [-0.15, 0.12] }))
    expect(moving.red.verdict).toBe('fail')
  })

  test('the report names the window that failed; a slow strobe in a ninth passes', () => {
    const report = analyseRegions(blockStrobe({ hz: 4, seconds: 2, at: [0, 0], size: [1 / 3, 1 / 3], on: WHITE, off: BLACK, background: GREY }))
    expect(report.windows.luminance).toEqual({ x0: 0, y0: 0, x1: 1 / 3, y1: 1 / 3 })
    expect(analyseRegions(blockStrobe({ hz: 1.5, seconds: 6, at: [0.3, 0.3], size: [1 / 3, 1 / 3], on: WHITE, off: BLACK, background: GREY })).verdict).toBe('pass')
  })
})
