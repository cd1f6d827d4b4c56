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
 * Per region: WCAG counts a flash when it covers a quarter of any 10 degree visual field (about 341 x 256 px of a
 * 1024 x 768 screen at a normal distance: a third of each side, a ninth of the screen). A whole-frame mean hides
 * local flashes (blocks, bands, dropouts), so every rule above runs in each of these windows, independently:
 * - 25 field windows, each a third of the width by a third of the height, stepping by a sixth of each side
 *   (a 5 x 5 sliding grid), built from a 6 x 6 grid of cells so a frame is read once whatever the window count;
 * - the whole frame (what IRIS itself measures).
 * Why this geometry: a window spans two cells per side, so any rectangle up to a sixth of each side (1/36 of the
 * screen, a quarter of a window) lies wholly inside at least one window wherever it sits: a flashing block that
 * crosses window borders is still seen at full size by one of them. The report gives the worst window.
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
  /** Where the worst luminance and red figures were measured. */
  windows: { luminance: FlashWindow; red: FlashWindow }
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
  private started = false
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

  /** One frame of this window: how many of its pixels changed since the last frame, of how many, and its mean. */
  push(changed: number, pixels: number, mean: number, frameIndex: number): void {
    let transition = false
    if (this.started) {
      const diff = changed >= pixels * this.rules.areaProportion ? mean - this.previousMean : 0
      transition = this.accumulate(diff, Math.min(mean, this.previousMean))
    }
    this.previousMean = mean
    if (this.started) this.count(transition, frameIndex)
    this.started = true
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

/** A window of the frame, in fractions of its width and height (0..1; rows in whatever order the frames use). */
export interface FlashWindow {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** 'field': the 25 sliding windows sized like a 10 degree field plus the whole frame; 'frame': the whole frame only. */
export type FlashRegions = 'field' | 'frame'

/** Cells per side: field windows span two cells and step by one. */
const CELLS = 6
const FIELD_SPAN = 2

/** The analysed windows, as ranges of cells (the whole frame last). */
function windowCells(regions: FlashRegions): { cx0: number; cy0: number; cx1: number; cy1: number }[] {
  const windows: { cx0: number; cy0: number; cx1: number; cy1: number }[] = []
  if (regions === 'field')
    for (let cy = 0; cy + FIELD_SPAN <= CELLS; cy++)
      for (let cx = 0; cx + FIELD_SPAN <= CELLS; cx++) windows.push({ cx0: cx, cy0: cy, cx1: cx + FIELD_SPAN, cy1: cy + FIELD_SPAN })
  windows.push({ cx0: 0, cy0: 0, cx1: CELLS, cy1: CELLS })
  return windows
}

const RANK = { pass: 0, 'extended-fail': 1, fail: 2 } as const
/** The worse of two reports: verdict first, then transitions per second. */
const worse = (a: RuleReport, b: RuleReport) =>
  RANK[b.verdict] > RANK[a.verdict] || (RANK[b.verdict] === RANK[a.verdict] && b.maxTransitionsPerSecond > a.maxTransitionsPerSecond)

/** Feed frames one by one (streaming: memory stays at two frames whatever the length). */
export class FlashAnalyser {
  private readonly windows: { cells: { cx0: number; cy0: number; cx1: number; cy1: number }; luminance: TransitionTrack; red: TransitionTrack }[]
  /** Cell index of every column and row. */
  private readonly cellOfX: Uint8Array
  private readonly cellOfY: Uint8Array
  private previousLum: Float32Array | null = null
  private previousRed: Float32Array | null = null
  private frames = 0
  readonly rules: FlashRules

  constructor(
    readonly width: number,
    readonly height: number,
    readonly fps: number,
    rules: Partial<FlashRules> = {},
    readonly regions: FlashRegions = 'field',
  ) {
    if (!Number.isInteger(fps) || fps < 1) throw new Error(`fps must be a positive whole number, got ${fps}`)
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < CELLS || height < CELLS)
      throw new Error(`frames must be at least ${CELLS} x ${CELLS} pixels, got ${width} x ${height}`)
    this.rules = { ...DEFAULT_FLASH_RULES, ...rules }
    const rulesUsed = this.rules
    this.windows = windowCells(regions).map((cells) => ({
      cells,
      luminance: new TransitionTrack(fps, rulesUsed, rulesUsed.flashThreshold, true),
      red: new TransitionTrack(fps, rulesUsed, rulesUsed.redThreshold, false),
    }))
    this.cellOfX = Uint8Array.from({ length: width }, (_, x) => Math.floor((x * CELLS) / width))
    this.cellOfY = Uint8Array.from({ length: height }, (_, y) => Math.floor((y * CELLS) / height))
  }

  /** One frame: RGBA, 8 bits per channel, sRGB, width * height * 4 bytes, rows top-down or bottom-up. */
  push(rgba: ArrayLike<number>): void {
    const { width, height } = this
    const pixels = width * height
    if (rgba.length < pixels * 4) throw new Error(`frame has ${rgba.length} bytes, expected ${pixels * 4}`)
    const lum = new Float32Array(pixels)
    const red = new Float32Array(pixels)
    const cellCount = CELLS * CELLS
    // per cell: pixel count, sums, and how many pixels changed since the last frame
    const count = new Float64Array(cellCount)
    const lumSum = new Float64Array(cellCount)
    const redSum = new Float64Array(cellCount)
    const lumChanged = new Float64Array(cellCount)
    const redChanged = new Float64Array(cellCount)
    const previousLum = this.previousLum
    const previousRed = this.previousRed
    const epsilon = this.rules.pixelChangeEpsilon
    for (let y = 0; y < height; y++) {
      const rowCell = (this.cellOfY[y] ?? 0) * CELLS
      for (let x = 0; x < width; x++) {
        const i = y * width + x
        const r = rgba[i * 4] ?? 0
        const g = rgba[i * 4 + 1] ?? 0
        const b = rgba[i * 4 + 2] ?? 0
        // rounded as stored, so an unchanged pixel compares equal to last frame's copy
        const l = Math.fround(relativeLuminance(r, g, b))
        const s = Math.fround(redSaturation(r, g, b))
        lum[i] = l
        red[i] = s
        const cell = rowCell + (this.cellOfX[x] ?? 0)
        count[cell]! += 1
        lumSum[cell]! += l
        redSum[cell]! += s
        if (previousLum && previousRed) {
          if (Math.abs(l - (previousLum[i] ?? 0)) > epsilon) lumChanged[cell]! += 1
          if (Math.abs(s - (previousRed[i] ?? 0)) > epsilon) redChanged[cell]! += 1
        }
      }
    }
    for (const window of this.windows) {
      const { cx0, cy0, cx1, cy1 } = window.cells
      let n = 0
      let lumTotal = 0
      let redTotal = 0
      let lumMoved = 0
      let redMoved = 0
      for (let cy = cy0; cy < cy1; cy++)
        for (let cx = cx0; cx < cx1; cx++) {
          const cell = cy * CELLS + cx
          n += count[cell] ?? 0
          lumTotal += lumSum[cell] ?? 0
          redTotal += redSum[cell] ?? 0
          lumMoved += lumChanged[cell] ?? 0
          redMoved += redChanged[cell] ?? 0
        }
      window.luminance.push(lumMoved, n, lumTotal / n, this.frames)
      window.red.push(redMoved, n, redTotal / n, this.frames)
    }
    this.previousLum = lum
    this.previousRed = red
    this.frames++
  }

  /** Every window's figures (the whole frame last). */
  windowReports(): { window: FlashWindow; luminance: RuleReport; red: RuleReport }[] {
    return this.windows.map(({ cells, luminance, red }) => ({
      window: { x0: cells.cx0 / CELLS, y0: cells.cy0 / CELLS, x1: cells.cx1 / CELLS, y1: cells.cy1 / CELLS },
      luminance: { ...luminance.report },
      red: { ...red.report },
    }))
  }

  /** The worst window for each measure; the verdict is the worse of the two. */
  report(): FlashReport {
    const all = this.windowReports()
    let worstLum = all[0]!
    let worstRed = all[0]!
    for (const entry of all) {
      if (worse(worstLum.luminance, entry.luminance)) worstLum = entry
      if (worse(worstRed.red, entry.red)) worstRed = entry
    }
    const luminance = worstLum.luminance
    const red = worstRed.red
    const verdict = RANK[luminance.verdict] >= RANK[red.verdict] ? luminance.verdict : red.verdict
    return {
      verdict,
      frames: this.frames,
      fps: this.fps,
      maxTransitionsPerSecond: Math.max(luminance.maxTransitionsPerSecond, red.maxTransitionsPerSecond),
      luminance,
      red,
      windows: { luminance: worstLum.window, red: worstRed.window },
    }
  }
}

/** Analyse a whole sequence at once. */
export function analyseFlashes(
  frames: Iterable<ArrayLike<number>>,
  options: { width: number; height: number; fps: number; rules?: Partial<FlashRules>; regions?: FlashRegions },
): FlashReport {
  const analyser = new FlashAnalyser(options.width, options.height, options.fps, options.rules, options.regions)
  for (const frame of frames) analyser.push(frame)
  return analyser.report()
}
