/**
 * Adaptive quality: pure planning and decision logic (no React, no WebGL), so it runs in node tests.
 *
 * A plan is an ordered list of steps that make frames cheaper: first the pixel ratio comes down, then the
 * layer parameters that declare `quality: { floor, order }` (nebula octaves, firefly counts...) are lowered
 * toward their floor, lower `order` first, in stack order within one order. Quality level N means "the
 * first N steps applied". A governor watches frame times and moves the level up or down one step at a
 * time, with hysteresis, so the picture settles instead of pumping.
 *
 * The document is never touched: lowered values are overrides the scene applies on top of it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { isDrawn, layerCost, OUTPUT_STAGE_COST } from '../core/cost'
import { liveShadedFraction, RESOLVE_COST } from './amortisedSoftPass'
import { amortiseBlock } from './backdropStack'

export type QualityStep =
  | { readonly kind: 'dpr'; readonly dpr: number }
  /** Soft layers (declared `resolution` < 1) at this factor of their declared resolution: cheaper than the pixel ratio. */
  | { readonly kind: 'soft'; readonly scale: number }
  | { readonly kind: 'param'; readonly layerId: string; readonly key: string; readonly value: number }

export interface QualityPlanOptions {
  /** The pixel ratio at full quality (the device's, capped). */
  maxDpr: number
  /** Never render coarser than this. */
  minDpr: number
  /** How many steps a parameter takes from its value down to its floor. */
  paramSteps?: number
}

/** The soft layers' resolution factors, in the order adaptive quality applies them (0.5: a quarter of the pixels). */
const SOFT_SCALES = [0.7, 0.5]

/** Each pixel-ratio step renders ~36% fewer pixels (0.8^2). */
const DPR_FACTOR = 0.8

export function planQuality(doc: DreamDocument, registry: LayerRegistry, options: QualityPlanOptions): QualityStep[] {
  const steps: QualityStep[] = []
  // soft layers lose resolution before anything else does: they are blurry by nature and the dearest per pixel
  const hasSoftLayer = doc.layers.some((layer) => layer.enabled && (registry.get(layer.type)?.resolution ?? 1) < 1)
  if (hasSoftLayer) for (const scale of SOFT_SCALES) steps.push({ kind: 'soft', scale })
  const minDpr = Math.min(options.minDpr, options.maxDpr)
  for (let dpr = options.maxDpr * DPR_FACTOR; dpr > minDpr + 1e-6; dpr *= DPR_FACTOR)
    steps.push({ kind: 'dpr', dpr: Math.round(dpr * 100) / 100 })
  if (options.maxDpr > minDpr + 1e-6) steps.push({ kind: 'dpr', dpr: minDpr })

  const knobs: { layerId: string; key: string; order: number; stack: number; from: number; floor: number; integer: boolean }[] = []
  doc.layers.forEach((layer, stack) => {
    const layerType = registry.get(layer.type)
    if (!layer.enabled || !layerType) return
    for (const [key, spec] of Object.entries(layerType.params)) {
      if (!spec.quality || (spec.kind !== 'int' && spec.kind !== 'float')) continue
      const from = typeof layer.params[key] === 'number' ? (layer.params[key] as number) : spec.default
      const floor = Math.max(spec.min, spec.quality.floor)
      if (from > floor) knobs.push({ layerId: layer.id, key, order: spec.quality.order, stack, from, floor, integer: spec.kind === 'int' })
    }
  })
  knobs.sort((a, b) => a.order - b.order || a.stack - b.stack)
  const count = Math.max(1, options.paramSteps ?? 3)
  for (const knob of knobs) {
    let previous = knob.from
    for (let i = 1; i <= count; i++) {
      const raw = knob.from - ((knob.from - knob.floor) * i) / count
      const value = knob.integer ? Math.max(knob.floor, Math.floor(raw)) : raw
      if (value >= previous) continue
      steps.push({ kind: 'param', layerId: knob.layerId, key: knob.key, value })
      previous = value
    }
  }
  return steps
}

export type QualityOverrides = ReadonlyMap<string, Readonly<Record<string, number>>>

export interface QualityOutcome {
  level: number
  dpr: number
  /** Per layer id: parameter values that replace the document's while quality is lowered. */
  overrides: QualityOverrides
  /** See heldLevel(). */
  held?: number
  /** Factor on the soft layers' declared resolutions (1 = as declared). */
  softScale?: number
}

export function qualityAt(steps: readonly QualityStep[], level: number, maxDpr: number): QualityOutcome {
  const clamped = Math.max(0, Math.min(level, steps.length))
  let dpr = maxDpr
  let softScale = 1
  const overrides = new Map<string, Record<string, number>>()
  for (let i = 0; i < clamped; i++) {
    const step = steps[i]!
    if (step.kind === 'dpr') dpr = step.dpr
    else if (step.kind === 'soft') softScale = step.scale
    else overrides.set(step.layerId, { ...overrides.get(step.layerId), [step.key]: step.value })
  }
  return { level: clamped, dpr, overrides, softScale }
}

/**
 * The cost model's prediction of a live frame's work at every level (index = level), in noise evaluations per
 * CSS pixel: each drawn layer's declared cost (with the level's lowered knobs) times the share of pixels it
 * shades (pixel ratio squared; soft layers: their resolution squared; amortised layers: a quarter of their
 * texels per live frame, plus one resolve per amortised pass that reprojects the rest, see
 * amortisedSoftPass.ts), plus the fixed output stage.
 */
export function levelCosts(doc: DreamDocument, registry: LayerRegistry, steps: readonly QualityStep[], maxDpr: number): number[] {
  const costs: number[] = []
  for (let level = 0; level <= steps.length; level++) {
    const outcome = qualityAt(steps, level, maxDpr)
    let perPixel = OUTPUT_STAGE_COST
    // the texel share of each amortised pass (one per declared resolution), each resolved once a live frame
    const resolved = new Map<number, number>()
    for (const layer of doc.layers) {
      const layerType = registry.get(layer.type)
      if (!layerType || !isDrawn(layer)) continue
      const lowered = outcome.overrides.get(layer.id)
      // the soft layers' declared resolution (src/scene/backdropStack.ts) shades fewer pixels
      const resolution = typeof layerType.resolution === 'number' ? layerType.resolution : 1
      const scale = resolution < 1 ? resolution * (outcome.softScale ?? 1) : 1
      const block = amortiseBlock(layerType)
      const amortised = block > 1
      const shaded = liveShadedFraction(block)
      if (amortised) resolved.set(resolution, scale * scale)
      perPixel += layerCost(layerType, lowered ? { ...layer.params, ...lowered } : layer.params) * scale * scale * shaded
    }
    for (const share of resolved.values()) perPixel += RESOLVE_COST * share
    costs.push(perPixel * outcome.dpr * outcome.dpr)
  }
  return costs
}

/**
 * Noise evaluations per second assumed of a device before any frame is measured: a modest integrated or phone
 * GPU (about 1 TFLOPS at ~100 operations per 3D simplex evaluation). A faster device climbs from there.
 */
export const ASSUMED_THROUGHPUT = 1e10

/** The first level whose predicted work fits the target frame rate on a device of `throughput`. */
export function predictedLevel(costs: readonly number[], cssPixels: number, targetFps: number, throughput = ASSUMED_THROUGHPUT): number {
  const affordable = throughput / (Math.max(1, cssPixels) * Math.max(1, targetFps))
  for (let level = 0; level < costs.length; level++) if (costs[level]! <= affordable) return level
  return Math.max(0, costs.length - 1)
}

export interface GovernorOptions {
  targetFps: number
  /** A decision is taken after at least this many seconds of frames (and at least 4 frames, or 2 slow ones). */
  windowSeconds?: number
  /** Raise quality again only when frames are this much faster than the target. */
  headroom?: number
  /**
   * Seconds (of frames fed) after quality is lowered during which it is not raised again (default 5). Each raise
   * that has to be taken back doubles it, up to MAX_RAISE_BACKOFF_SECONDS: a device on the edge of a level tries it
   * again ever more rarely instead of oscillating, and one that got faster (a background job ended, a noisy start)
   * still climbs back to full quality.
   */
  raiseBackoffSeconds?: number
  /**
   * Predicted work per level (`levelCosts`). With it, a decision moves in proportion to how far the frame rate
   * is from the target (straight to the level whose predicted work fits), not one step at a time.
   */
  costs?: readonly number[]
}

/** A frame longer than this is suspect: a stall (hidden tab, debugger, shader compile) unless frames stay this slow. */
const STALL_SECONDS = 1
/** Longer than this is never a frame anyone watched (a laptop lid, a tab in the background for minutes). */
const GAP_SECONDS = 60
/** Seconds of frames after which two frames are enough to decide (a software renderer takes seconds per frame). */
const SLOW_WINDOW_SECONDS = 3
/** The longest wait before quality is raised again after it was lowered (the backoff doubles up to this). */
export const MAX_RAISE_BACKOFF_SECONDS = 160
/** A raise taken back within this many seconds failed (the backoff doubles); later, the device changed. */
const RAISE_TRIAL_SECONDS = 30

/**
 * Decides the quality level from frame durations. Deterministic: the same durations give the same levels.
 *
 * Stalls: one long frame after quick ones is ignored (a hidden tab, a debugger pause, a shader compile); but
 * long frames that follow each other are the machine's real speed and count, so a software renderer that
 * takes seconds per frame still gets its quality lowered. The frame right after a change is discarded (a
 * pixel-ratio change reallocates targets).
 */
export class QualityGovernor {
  level = 0
  maxLevel: number
  private readonly options: Required<Omit<GovernorOptions, 'costs'>>
  private costs: readonly number[] | undefined
  private readonly window: number[] = []
  private windowTime = 0
  /** Frames still to discard before measuring (after mount, a change, or an interruption). */
  private skip = 1
  private previous = 0
  private lastMove: -1 | 0 | 1 = 0
  /** Seconds of frames fed so far: the governor's own clock, so the same durations give the same levels. */
  private clock = 0
  /** No raise before this clock reading (set when quality is lowered: the backoff). */
  private raiseAfter = 0
  private backoff: number
  /** The clock at the last change of level. */
  private movedAt = 0

  constructor(maxLevel: number, options: GovernorOptions) {
    this.maxLevel = maxLevel
    this.options = { windowSeconds: 0.75, headroom: 1.35, raiseBackoffSeconds: 5, ...options }
    this.costs = options.costs
    this.backoff = this.options.raiseBackoffSeconds
  }

  /** A new plan's predicted work per level (see GovernorOptions.costs). */
  setCosts(costs: readonly number[] | undefined): void {
    this.costs = costs
  }

  /** Where a decision at `fps` goes with the cost model: the level whose predicted work fits the target. */
  private proportionalLevel(fps: number, move: -1 | 1): number {
    const costs = this.costs
    const current = costs?.[this.level]
    if (!costs || !(current! > 0) || costs.length < this.maxLevel + 1) return this.level + move
    const { targetFps, headroom } = this.options
    if (move === 1) {
      const affordable = (current! * fps) / targetFps
      for (let level = this.level + 1; level <= this.maxLevel; level++) if (costs[level]! <= affordable) return level
      return this.maxLevel
    }
    // raising: aim between the target and the headroom, so the next measurement does not lower it again
    const affordable = (current! * fps) / (targetFps * Math.sqrt(headroom))
    for (let level = 0; level < this.level; level++) if (costs[level]! <= affordable) return level
    return this.level
  }

  setMaxLevel(maxLevel: number): void {
    this.maxLevel = maxLevel
    if (this.level > maxLevel) this.level = maxLevel
  }

  /** The page was hidden or the loop paused: the next frame's duration says nothing about rendering. */
  interrupt(): void {
    this.window.length = 0
    this.windowTime = 0
    this.skip = 1
    this.previous = 0
  }

  /** Feed one frame's duration in seconds; returns true when the level changed. */
  frame(deltaSeconds: number): boolean {
    if (!(deltaSeconds > 0) || deltaSeconds > GAP_SECONDS) {
      this.interrupt()
      return false
    }
    const previous = this.previous
    this.previous = deltaSeconds
    if (this.skip > 0) {
      this.skip--
      return false
    }
    // a long frame counts only when the one before it was slow too (within a factor of 3)
    if (deltaSeconds > STALL_SECONDS && previous * 3 < deltaSeconds) return false
    this.clock += deltaSeconds
    this.window.push(deltaSeconds)
    this.windowTime += deltaSeconds
    const enoughFrames = this.window.length >= (this.windowTime >= SLOW_WINDOW_SECONDS ? 2 : 4)
    if (this.windowTime < this.options.windowSeconds || !enoughFrames) return false
    const fps = 1 / median(this.window)
    this.window.length = 0
    this.windowTime = 0
    const { targetFps, headroom } = this.options
    let move: -1 | 0 | 1 = 0
    if (fps < targetFps * 0.95 && this.level < this.maxLevel) move = 1
    else if (fps > targetFps * headroom && this.level > 0 && this.clock >= this.raiseAfter) move = -1
    if (move === 0) return false
    let next: number
    if (this.costs) next = this.proportionalLevel(fps, move)
    else {
      // Without a cost model: far below target, two steps at once.
      const size = move === 1 && fps < targetFps * 0.5 ? 2 : 1
      next = this.level + move * size
    }
    next = Math.max(0, Math.min(this.maxLevel, next))
    if (next === this.level) return false
    if (move === 1) {
      // too slow now: no raise for a while, longer each time a raise had to be taken back soon after it; a level
      // that held for a long while starts the count again (a further step down keeps the backoff it has)
      if (this.lastMove === -1)
        this.backoff = this.clock - this.movedAt < RAISE_TRIAL_SECONDS ? Math.min(this.backoff * 2, MAX_RAISE_BACKOFF_SECONDS) : this.options.raiseBackoffSeconds
      this.raiseAfter = this.clock + this.backoff
    }
    this.lastMove = move
    this.movedAt = this.clock
    this.level = next
    this.skip = 1
    return true
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** What the scene reads: the current outcome. The editor may show `level` ("quality lowered"). */
export type QualityStore = StoreApi<QualityOutcome>
export const createQualityStore = (dpr = 1): QualityStore => createStore<QualityOutcome>(() => ({ level: 0, dpr, overrides: new Map() }))

/**
 * The level adaptive quality reached, kept in its store while it is unmounted (the scene unmounts on a context
 * loss): the canvas after the restore starts from it instead of full quality, so a GPU that lost its context
 * under load is not loaded the same way again. Null when nothing was learned yet.
 */
export const heldLevel = (quality: QualityStore): number | null => quality.getState().held ?? null

const merged = new WeakMap<object, { overrides: object; values: Record<string, unknown> }>()
/**
 * The values a layer renders with: its document params, with quality overrides on top. Cached per
 * (params, overrides) pair, so calling it every frame allocates nothing once the pair stops changing.
 */
export function effectiveParams<V extends Record<string, unknown>>(params: V, overrides: Readonly<Record<string, number>> | undefined): V {
  if (!overrides) return params
  const cached = merged.get(params)
  if (cached && cached.overrides === overrides) return cached.values as V
  const values = { ...params, ...overrides }
  merged.set(params, { overrides, values })
  return values
}
