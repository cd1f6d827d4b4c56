/**
 * The islands' levels of detail (issue 14): every rock level and the strands read their own vertices from one
 * bake, and each island's rock is drawn at the least detail its size on screen needs.
 */
import { describe, expect, test } from 'vitest'
import { buildIslandGeometry, islandDetail, SEGMENT_PIXELS, STRANDS_PER_ISLAND } from '../../src/layers/islands/IslandsObject'

describe('island geometry', () => {
  const built = buildIslandGeometry(3, 7)
  const vertices = built.bakeVertices.length / 4
  const bakeOf = (geometry: (typeof built.rocks)[number]) => geometry.getAttribute('bakeVertex').array as Float32Array

  test('each rock level is a 12d x 9d sphere, then the coarsest level for small targets', () => {
    expect(built.rocks).toHaveLength(3)
    built.rocks.forEach((geometry, i) => {
      const d = i + 1
      const triangles = (12 * d) * (9 * d - 1) * 2 // a UV sphere: one triangle at each pole cell, two elsewhere
      const { fine, coarse } = built.ranges[i]!
      expect(fine).toEqual([0, triangles * 3])
      expect(coarse[1]).toBe(12 * 8 * 2 * 3)
      expect(coarse[0] + coarse[1]).toBe(geometry.getIndex()!.count)
    })
  })

  test('every vertex reads its own point of the sphere from the bake', () => {
    for (const geometry of built.rocks) {
      const position = geometry.getAttribute('position')
      const bake = bakeOf(geometry)
      for (let v = 0; v < position.count; v++) {
        const k = bake[v]!
        expect(k).toBeLessThan(vertices)
        expect([...built.bakeVertices.subarray(k * 4, k * 4 + 4)]).toEqual([position.getX(v), position.getY(v), position.getZ(v), 0])
      }
    }
    const strand = built.strands.getAttribute('strand')
    const bake = bakeOf(built.strands)
    expect(strand.count).toBe(STRANDS_PER_ISLAND * 11 * 2)
    for (let v = 0; v < strand.count; v++) {
      const k = bake[v]!
      expect([...built.bakeVertices.subarray(k * 4, k * 4 + 4)]).toEqual([strand.getX(v), strand.getW(v), 0, 1])
    }
  })
})

describe('island level of detail', () => {
  const focal = 312 // pixels per unit at unit distance: 55 degrees of view over 360 pixels

  test('the least detail whose rim segments are at most SEGMENT_PIXELS long, within 1 and the layer detail', () => {
    for (const scale of [0.5, 2, 6]) {
      for (const distance of [8, 20, 60, 150]) {
        const d = islandDetail(scale, distance, focal, 5)
        const segment = (level: number) => (2 * Math.PI * 1.3 * scale * focal) / distance / (12 * level)
        expect(d).toBeGreaterThanOrEqual(1)
        expect(d).toBeLessThanOrEqual(5)
        if (d < 5) expect(segment(d)).toBeLessThanOrEqual(SEGMENT_PIXELS)
        if (d > 1) expect(segment(d - 1)).toBeGreaterThan(SEGMENT_PIXELS)
      }
    }
  })

  test('farther or smaller islands never get more detail; a larger picture never gets less', () => {
    expect(islandDetail(2, 80, focal, 5)).toBeLessThanOrEqual(islandDetail(2, 20, focal, 5))
    expect(islandDetail(1, 20, focal, 5)).toBeLessThanOrEqual(islandDetail(3, 20, focal, 5))
    expect(islandDetail(2, 20, focal * 2, 5)).toBeGreaterThanOrEqual(islandDetail(2, 20, focal, 5))
    expect(islandDetail(6, 5, focal, 3)).toBe(3)
    expect(islandDetail(0.2, 500, focal, 3)).toBe(1)
  })
})
