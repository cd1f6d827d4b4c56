/**
 * Floors (src/scene/floorCover.ts): the rows below the returned height must all show the floor, for any camera
 * the dream or the studio can take; otherwise a backdrop pixel that should show would be left undrawn.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Matrix4, PerspectiveCamera, Vector3 } from 'three'
import { firstDrawnRow, floorCoveredBelow, type Floor } from '../../src/scene/floorCover'

const lake: Floor = { y: 0.8, minX: -400, maxX: 400, minZ: -400, maxZ: 400 }
const valley: Floor = { y: -0.2, minX: -80, maxX: 80, minZ: -130, maxZ: 30 }

function camera(position: [number, number, number], target: [number, number, number], fov = 55, aspect = 16 / 9, roll = 0) {
  const made = new PerspectiveCamera(fov, aspect, 0.1, 2000)
  made.position.set(...position)
  made.lookAt(...target)
  made.rotateZ(roll)
  made.updateMatrixWorld()
  const viewProjection = new Matrix4().multiplyMatrices(made.projectionMatrix, made.matrixWorldInverse)
  return { made, viewProjection }
}

/** Whether the ray through screen point (x, y) (normalised device coordinates) hits the floor's rectangle. */
function hitsFloor(made: PerspectiveCamera, floor: Floor, x: number, y: number): boolean {
  const direction = new Vector3(x, y, 0.5).unproject(made).sub(made.position).normalize()
  if (direction.y >= 0) return false
  const t = (floor.y - made.position.y) / direction.y
  const hit = made.position.clone().addScaledVector(direction, t)
  return hit.x >= floor.minX && hit.x <= floor.maxX && hit.z >= floor.minZ && hit.z <= floor.maxZ
}

describe('floorCoveredBelow', () => {
  it('finds the horizon of a lake for the dream camera', () => {
    const { made, viewProjection } = camera([0, 2.1, 7], [0, 1.5, -12])
    const cut = floorCoveredBelow([lake], viewProjection, made.position)
    // the true horizon: the direction with y = 0, seen 1.8 degrees above the picture's centre
    const pitch = Math.atan2(0.6, 19)
    const horizon = Math.tan(pitch) / Math.tan((55 / 2) * (Math.PI / 180))
    expect(cut).toBeLessThan(horizon)
    expect(cut).toBeGreaterThan(horizon - 0.02) // the lake's far edge, 400 units out, lies just below it
    expect(hitsFloor(made, lake, 0, cut - 0.001)).toBe(true)
    expect(hitsFloor(made, lake, 0, horizon + 0.01)).toBe(false)
  })

  it('takes the highest cut of several floors, and nothing from a floor seen from below or from outside', () => {
    const { made, viewProjection } = camera([0, 2.1, 7], [0, 1.5, -12])
    const both = floorCoveredBelow([valley, lake], viewProjection, made.position)
    expect(both).toBeCloseTo(floorCoveredBelow([lake], viewProjection, made.position), 5)
    const below = camera([0, -3, 7], [0, -2, -12])
    expect(floorCoveredBelow([lake], below.viewProjection, below.made.position)).toBe(-1)
    const outside = camera([0, 2.1, 60], [0, 1.5, 40])
    expect(floorCoveredBelow([valley], outside.viewProjection, outside.made.position)).toBe(-1)
    const skyward = camera([0, 2.1, 7], [0, 30, -12])
    expect(floorCoveredBelow([lake], skyward.viewProjection, skyward.made.position)).toBe(-1)
  })

  it('covers only rows whose every pixel shows the floor, for any camera pose (fast-check)', () => {
    const pose = fc.record({
      x: fc.double({ min: -30, max: 30, noNaN: true }),
      y: fc.double({ min: 0.9, max: 40, noNaN: true }),
      z: fc.double({ min: -100, max: 25, noNaN: true }),
      yaw: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
      pitch: fc.double({ min: -1.4, max: 0.6, noNaN: true }),
      roll: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
      fov: fc.double({ min: 20, max: 100, noNaN: true }),
      aspect: fc.double({ min: 0.4, max: 3, noNaN: true }),
    })
    fc.assert(
      fc.property(pose, (p) => {
        const target: [number, number, number] = [p.x + Math.sin(p.yaw) * Math.cos(p.pitch), p.y + Math.sin(p.pitch), p.z - Math.cos(p.yaw) * Math.cos(p.pitch)]
        const { made, viewProjection } = camera([p.x, p.y, p.z], target, p.fov, p.aspect, p.roll)
        const floors = [valley, lake]
        const cut = floorCoveredBelow(floors, viewProjection, made.position)
        if (cut <= -1) return
        for (let i = 0; i <= 16; i++) {
          const x = -1 + i / 8
          for (const y of [-1, (cut - 1) / 2, cut - 1e-6]) {
            if (!floors.some((floor) => hitsFloor(made, floor, x, y))) throw new Error(`(${x}, ${y}) below the cut ${cut} shows no floor`)
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('firstDrawnRow', () => {
  it('draws from the covered rows less the margin, within the target', () => {
    expect(firstDrawnRow(-1, 360, 4)).toBe(0)
    expect(firstDrawnRow(0, 360, 4)).toBe(176)
    expect(firstDrawnRow(-0.99, 360, 4)).toBe(0)
    expect(firstDrawnRow(1, 360, 4)).toBe(356)
  })
})
