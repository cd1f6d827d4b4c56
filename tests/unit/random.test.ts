import { expect, test } from 'vitest'
import { mulberry32, seededNoise2D, seededRandom } from '../../src/core/random'
import { buildTerrain } from '../../src/layers/terrain/TerrainObject'
import { buildFireflies } from '../../src/layers/fireflies/FirefliesObject'

test('seeded streams are deterministic and independent per purpose', () => {
  const a = mulberry32(7)
  const b = mulberry32(7)
  const first = Array.from({ length: 5 }, () => a())
  expect(Array.from({ length: 5 }, () => b())).toEqual(first)
  expect(first.every((x) => x >= 0 && x < 1)).toBe(true)
  expect(seededRandom(7, 'terrain')()).not.toBe(seededRandom(7, 'crash')())
  expect(seededRandom(7, 'terrain')()).not.toBe(seededRandom(8, 'terrain')())
})

test('CPU simplex noise from the same seed gives the same field', () => {
  const n1 = seededNoise2D(99, 'terrain')
  const n2 = seededNoise2D(99, 'terrain')
  const n3 = seededNoise2D(100, 'terrain')
  const sample = (n: (x: number, y: number) => number) => [n(0.3, 0.7), n(12.1, -4.2), n(100, 100)]
  expect(sample(n1)).toEqual(sample(n2))
  expect(sample(n1)).not.toEqual(sample(n3))
})

test('terrain and fireflies geometry are a pure function of the seed', () => {
  const heights = (seed: number) => Array.from(buildTerrain(seed, 1.4, 4, 1).getAttribute('position').array as Float32Array)
  const one = heights(5)
  expect(heights(5)).toEqual(one)
  expect(heights(6)).not.toEqual(one)
  const ys = one.filter((_, i) => i % 3 === 1)
  expect(Math.min(...ys)).toBeGreaterThanOrEqual(0)
  expect(Math.max(...ys)).toBeLessThanOrEqual(1)
  expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.3)
  const motes = (seed: number) => Array.from(buildFireflies(seed, 50).getAttribute('seedling').array as Float32Array)
  expect(motes(3)).toEqual(motes(3))
  expect(motes(3)).not.toEqual(motes(4))
})
