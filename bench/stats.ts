/** Sampling and statistics for the bench: medians, budgeted sampling, paired (alternating) rounds. */


export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
export const nextTask = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

export interface SampleOptions {
  warmup: number
  minFrames: number
  maxFrames: number
  /** Stop sampling after this much measured time (heavy cases take fewer frames). */
  budgetMs: number
}

/** Runs one measured frame (including the forced GPU finish) and returns its duration in ms. */
export type FrameFn = (frame: number) => number
export function sample(frameFn: FrameFn, options: SampleOptions) {
  for (let i = 0; i < options.warmup; i++) frameFn(i)
  const samples: number[] = []
  let spent = 0
  // Heavy frames (seconds each on a software renderer) stop early: past 4x the budget one or two samples must do.
  const enough = () => samples.length >= options.maxFrames || (samples.length >= options.minFrames && spent >= options.budgetMs) || (samples.length >= 1 && spent >= options.budgetMs * 4)
  for (let i = 0; !enough(); i++) {
    const ms = frameFn(options.warmup + i)
    samples.push(ms)
    spent += ms
  }
  return { median: median(samples), samples }
}

/**
 * Paired frames: after one untimed round (compiles, first uploads), each iteration times every frame once, in
 * the given order on odd iterations and reversed on even ones, so no frame always follows the same neighbour.
 */
export async function alternate<K extends string>(frames: Record<K, (i: number) => Promise<number>>, iterations: number) {
  const names = Object.keys(frames) as K[]
  for (const name of names) await frames[name](0)
  const runs: Record<K, number>[] = []
  for (let i = 1; i <= iterations; i++) {
    const times = {} as Record<K, number>
    for (const name of i % 2 ? names : [...names].reverse()) times[name] = await frames[name](i)
    runs.push(times)
  }
  return runs
}
