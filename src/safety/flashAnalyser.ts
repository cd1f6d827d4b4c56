/**
 * A photosensitive flash analyser: WCAG 2.3.1 general and red flash thresholds, measured the way EA's IRIS
 * measures them (electronicarts/IRIS: src/Flash.cpp, TransitionTrackerByFPS.cpp, config/appsettings.json).
 * Pure TypeScript, no DOM: feed it 8-bit sRGB RGBA frames captured at a fixed frame rate, in node or a browser.
 *
 * Per frame:
 * - every pixel's relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B (linear sRGB), and its red value
 *   (R - G - B) * 320 when R / (R + G + B) >= 0.8 (else 0);
 * - area rule: a frame-to-frame change counts only if at least 25% of the pixels changed; its size is the
 *   change of the frame's mean;
 * - a transition is an accumulated same-direction change (summed over at most the last second) of >= 0.1
 *   (red: >= 20) where the darker of the two frames has mean luminance < 0.8 (not applied to red).
 * Over time (counted in frames, never in float seconds):
 * - FAIL: more than 6 transitions within any 1 s window;
 * - EXTENDED FAIL: frames whose 1 s window holds 4-6 transitions add up to >= 4 s within a 5 s window.
 *
 * One deliberate difference from IRIS: a monotone run counts as one transition at most. IRIS sums the run over a
 * sliding second and can count a long slow fade twice when that sum dips below 0.1 and comes back; WCAG counts a
 * change between two states, and a fade is one change.
 */

export type FlashVerdict = 'pass' | 'extended-fail' | 'fail'

export interface FlashRules {
  /** Relative luminance change that makes a transition. */
  flashThreshold: number
  /** No luminance transition when the darker frame's mean is at or above this. */
  darkThreshold: number
  /** Red saturation change (IRIS units, 0..320) that makes a red transition. */
  redThreshold: number
  /** Fraction of the frame that must change for a change to count. */
  areaProportion: number
  /** A pixel counts as changed when its value moves by more than this (0 = any change, as IRIS). */
  pixelChangeEpsilon: number
  maxTransitions: number
  minTransitions: number
  extendedFailSeconds: number
  extendedFailWindow: number
}

export const DEFAULT_FLASH_RULES: FlashRules = {
  flashThreshold: 0.1,
  darkThreshold: 0.8,
  redThreshold: 20,
  areaProportion: 0.25,
  pixelChangeEpsilon: 0,
  maxTransitions: 6,
  minTransitions: 4,
  extendedFailSeconds: 4,
  extendedFailWindow: 5,
}

export interface RuleReport {
  verdict: FlashVerdict
  /** The most transitions found in any 1 s window. */
  maxTransitionsPerSecond: number
  /** Transitions over the whole sequence. */
  transitions: number
  /** Frames at which the 1 s window was over the limit. */
  failFrames: number
  /** Frames at which the extended rule was failing. */
  extendedFailFrames: number
  /** Frames with 4-6 transitions in their second (IRIS "pass with warning" when nothing else fails). */
  warningFrames: number
  /** First frame that failed either rule, or -1. */
  firstFailFrame: number
}

export interface FlashReport {
  verdict: FlashVerdict
  frames: number
  fps: number
  /** Max of the luminance and red figures. */
  maxTransitionsPerSecond: number
  luminance: RuleReport
  red: RuleReport
}

const SRGB_TO_LINEAR = new Float64Array(256)
for (let i = 0; i < 256; i++) {
  const c = i / 255
  SRGB_TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
}

/** Relative luminance of one 8-bit sRGB colour. */
export function relativeLuminance(r: number, g: number, b: number): number {
  return 0.2126 * (SRGB_TO_LINEAR[r] ?? 0) + 0.7152 * (SRGB_TO_LINEAR[g] ?? 0) + 0.0722 * (SRGB_TO_LINEAR[b] ?? 0)
}

/** IRIS red saturation value of one 8-bit sRGB colour: (R - G - B) * 320 when R / (R + G + B) >= 0.8, else 0. */
export function redSaturation(r: number, g: number, b: number): number {
  const R = SRGB_TO_LINEAR[r] ?? 0
  const G = SRGB_TO_LINEAR[g] ?? 0
  const B = SRGB_TO_LINEAR[b] ?? 0
  const sum = R + G + B
  if (sum <= 0 || R / sum < 0.8) return 0
  return Math.max(0, (R - G - B) * 320)
}

/** One measure (luminance or red): frame means, the area rule, accumulation and the transition counts. */
class TransitionTrack {
  private previousFrame: Float32Array | null = null
  private previousMean = 0
  private accumulated = 0
  private runCounted = false
  /** Same-direction changes in the current run, at most one second of them (IRIS sums a sliding second). */
  private readonly runDiffs: number[] = []
  private readonly transitionsByFrame: number[] = []
  private readonly extendedByFrame: number[] = []
  private windowCount = 0
  private extendedCount = 0
  readonly report: RuleReport = {
    verdict: 'pass',
    maxTransitionsPerSecond: 0,
    transitions: 0,
    failFrames: 0,
    extendedFailFrames: 0,
    warningFrames: 0,
    firstFailFrame: -1,
  }

  constructor(
    private readonly fps: number,
    private readonly rules: FlashRules,
    private readonly threshold: number,
    private readonly useDarkRule: boolean,
  ) {}

  push(values: Float32Array, mean: number, frameIndex: number): void {
    const previous = this.previousFrame
    let transition = false
    if (previous) {
      let changed = 0
      const epsilon = this.rules.pixelChangeEpsilon
      for (let i = 0; i < values.length; i++) if (Math.abs((values[i] ?? 0) - (previous[i] ?? 0)) > epsilon) changed++
      const diff = changed >= values.length * this.rules.areaProportion ? mean - this.previousMean : 0
      transition = this.accumulate(diff, Math.min(mean, this.previousMean))
    }
    this.previousFrame = values
    this.previousMean = mean
    if (previous) this.count(transition, frameIndex)
  }

  private accumulate(diff: number, darker: number): boolean {
    // zero counts as either direction (the trend has not changed), as in IRIS
    const sameDirection = (diff <= 0 && this.accumulated <= 0) || (diff >= 0 && this.accumulated >= 0)
    if (sameDirection) {
      if (this.runDiffs.length >= this.fps) this.accumulated -= this.runDiffs.shift() ?? 0
      this.runDiffs.push(diff)
      this.accumulated += diff
    } else {
      this.runDiffs.length = 0
      this.runDiffs.push(diff)
      this.accumulated = diff
      this.runCounted = false
    }
    if (this.runCounted || Math.abs(this.accumulated) < this.threshold) return false
    if (this.useDarkRule && darker >= this.rules.darkThreshold) return false
    this.runCounted = true
    return true
  }

  private count(transition: boolean, frameIndex: number): void {
    const { fps, rules, report } = this
    this.transitionsByFrame.push(transition ? 1 : 0)
    this.windowCount += transition ? 1 : 0
    if (this.transitionsByFrame.length > fps) this.windowCount -= this.transitionsByFrame.shift() ?? 0
    const current = this.windowCount
    if (transition) report.transitions++
    report.maxTransitionsPerSecond = Math.max(report.maxTransitionsPerSecond, current)

    const extended = current >= rules.minTransitions && current <= rules.maxTransitions ? 1 : 0
    this.extendedByFrame.push(extended)
    this.extendedCount += extended
    if (this.extendedByFrame.length > rules.extendedFailWindow * fps) this.extendedCount -= this.extendedByFrame.shift() ?? 0

    if (current > rules.maxTransitions) {
      report.failFrames++
      report.verdict = 'fail'
      if (report.firstFailFrame < 0) report.firstFailFrame = frameIndex
    } else if (this.extendedCount >= rules.extendedFailSeconds * fps && current >= rules.minTransitions) {
      report.extendedFailFrames++
      if (report.verdict === 'pass') report.verdict = 'extended-fail'
      if (report.firstFailFrame < 0) report.firstFailFrame = frameIndex
    } else if (current >= rules.minTransitions) {
      report.warningFrames++
    }
  }
}

/** Feed frames one by one (streaming: memory stays at two frames whatever the length). */
export class FlashAnalyser {
  private readonly luminance: TransitionTrack
  private readonly red: TransitionTrack
  private frames = 0
  readonly rules: FlashRules

  constructor(
    readonly width: number,
    readonly height: number,
    readonly fps: number,
    rules: Partial<FlashRules> = {},
  ) {
    if (!Number.isInteger(fps) || fps < 1) throw new Error(`fps must be a positive whole number, got ${fps}`)
    this.rules = { ...DEFAULT_FLASH_RULES, ...rules }
    this.luminance = new TransitionTrack(fps, this.rules, this.rules.flashThreshold, true)
    this.red = new TransitionTrack(fps, this.rules, this.rules.redThreshold, false)
  }

  /** One frame: RGBA, 8 bits per channel, sRGB, width * height * 4 bytes (row order does not matter). */
  push(rgba: ArrayLike<number>): void {
    const pixels = this.width * this.height
    if (rgba.length < pixels * 4) throw new Error(`frame has ${rgba.length} bytes, expected ${pixels * 4}`)
    const lum = new Float32Array(pixels)
    const red = new Float32Array(pixels)
    let lumSum = 0
    let redSum = 0
    for (let i = 0; i < pixels; i++) {
      const r = rgba[i * 4] ?? 0
      const g = rgba[i * 4 + 1] ?? 0
      const b = rgba[i * 4 + 2] ?? 0
      const l = relativeLuminance(r, g, b)
      const s = redSaturation(r, g, b)
      lum[i] = l
      red[i] = s
      lumSum += l
      redSum += s
    }
    this.luminance.push(lum, lumSum / pixels, this.frames)
    this.red.push(red, redSum / pixels, this.frames)
    this.frames++
  }

  report(): FlashReport {
    const luminance = { ...this.luminance.report }
    const red = { ...this.red.report }
    const rank = { pass: 0, 'extended-fail': 1, fail: 2 } as const
    const verdict = rank[luminance.verdict] >= rank[red.verdict] ? luminance.verdict : red.verdict
    return {
      verdict,
      frames: this.frames,
      fps: this.fps,
      maxTransitionsPerSecond: Math.max(luminance.maxTransitionsPerSecond, red.maxTransitionsPerSecond),
      luminance,
      red,
    }
  }
}

/** Analyse a whole sequence at once. */
export function analyseFlashes(
  frames: Iterable<ArrayLike<number>>,
  options: { width: number; height: number; fps: number; rules?: Partial<FlashRules> },
): FlashReport {
  const analyser = new FlashAnalyser(options.width, options.height, options.fps, options.rules)
  for (const frame of frames) analyser.push(frame)
  return analyser.report()
}
