/**
 * Seeded randomness for the CPU side. mulberry32 is written here rather than imported: it is five lines,
 * fast, and its exact output is part of our determinism promise (same seed, same terrain), so it must
 * never change under us with a dependency update.
 */
import { createNoise2D, createNoise3D, type NoiseFunction2D, type NoiseFunction3D } from 'simplex-noise'

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Derive an independent stream for one purpose ("terrain", "crash"...) from the document seed. */
export function seededRandom(seed: number, purpose: string): () => number {
  let h = 2166136261 ^ (seed >>> 0)
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 16777619)
  return mulberry32(h >>> 0)
}

export const seededNoise2D = (seed: number, purpose: string): NoiseFunction2D => createNoise2D(seededRandom(seed, purpose))
export const seededNoise3D = (seed: number, purpose: string): NoiseFunction3D => createNoise3D(seededRandom(seed, purpose))

/** A fresh random 32-bit seed (the "reroll" button). */
export const randomSeed = () => (Math.random() * 4294967296) >>> 0
