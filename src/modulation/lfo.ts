/**
 * LFO maths. Pure functions of dream time, so stills, journeys and renders see the same value at the same second.
 * Every shape is a bipolar wave mapped to 0..1; at phase 0 and time 0 the sine, triangle and saw start mid-way up
 * (sine and triangle at 0.5 rising, saw at 0), the square high.
 */
export const LFO_SHAPES = ['sine', 'triangle', 'saw', 'square', 'random'] as const
export type LfoShape = (typeof LFO_SHAPES)[number]

/** Cycles per dream second: `rate` Hz, or one cycle every `beats` beats at `bpm`. */
export function lfoFrequency(sync: 'hz' | 'beats', rate: number, bpm: number, beats: number): number {
  return sync === 'beats' ? bpm / 60 / beats : rate
}

/** A 32-bit hash of the document seed and the source id: the random shape's own stream. */
export function lfoSeed(seed: number, id: string): number {
  let h = 2166136261 ^ (seed >>> 0)
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return h >>> 0
}

/** A random value in [0, 1) for cycle k of a stream (integer hash: no state, any k in any order). */
function cycleValue(stream: number, k: number): number {
  let t = (stream ^ Math.imul(k | 0, 0x9e3779b1)) >>> 0
  t = Math.imul(t ^ (t >>> 16), 0x85ebca6b)
  t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35)
  return ((t ^ (t >>> 16)) >>> 0) / 4294967296
}

/**
 * The LFO's value (0..1) after `cycles` cycles. `stream` (from lfoSeed) only matters for the random shape: a new
 * random target each cycle, eased into with a smoothstep, so it never jumps.
 */
export function lfoValue(shape: LfoShape, cycles: number, stream: number): number {
  const f = cycles - Math.floor(cycles)
  switch (shape) {
    case 'sine':
      return 0.5 + 0.5 * Math.sin(2 * Math.PI * f)
    case 'triangle': {
      // a bipolar triangle starting at 0 rising: a quarter cycle ahead of the 0..1 ramp up and down
      const g = f + 0.25 - Math.floor(f + 0.25)
      return 1 - Math.abs(2 * g - 1)
    }
    case 'saw':
      return f
    case 'square':
      return f < 0.5 ? 1 : 0
    case 'random': {
      const k = Math.floor(cycles)
      const a = cycleValue(stream, k)
      const b = cycleValue(stream, k + 1)
      const s = f * f * (3 - 2 * f)
      return a + (b - a) * s
    }
  }
}
