/**
 * Floors: how much of the picture the opaque ground hides from the backdrops (issue 14).
 *
 * The backdrops are drawn after the opaque objects right above them, with the depth test on, so whatever the
 * water or the terrain covers never shows. But a software renderer (and the soft passes, which have no depth
 * buffer at all) shades every pixel a triangle covers, hidden or not: only geometry that does not reach a pixel
 * saves its work. So an occluder may declare a floor, a horizontal rectangle it covers entirely when seen from
 * above (the lake's sheet, the valley floor under the hills), and the backdrop passes leave out the rows of the
 * picture that such a floor fills from side to side: roughly everything below the horizon.
 */
import type { Matrix4 } from 'three'

/** A horizontal rectangle (world units) an occluder covers entirely, seen from above. */
export interface Floor {
  y: number
  minX: number
  maxX: number
  minZ: number
  maxZ: number
}

// scratch, reused by every call: this runs for every render of the backdrops (the view and the reflection)
const polygonX = new Float64Array(8)
const polygonY = new Float64Array(8)
const clipped = new Float64Array(8 * 4)
const corners = new Float64Array(4 * 4)

/** Whether (x, y) lies inside the convex polygon of `count` points (either winding), with a little slack. */
function insideConvex(x: number, y: number, count: number, orientation: number): boolean {
  for (let i = 0; i < count; i++) {
    const j = i + 1 === count ? 0 : i + 1
    const ex = polygonX[j]! - polygonX[i]!
    const ey = polygonY[j]! - polygonY[i]!
    const cross = ex * (y - polygonY[i]!) - ey * (x - polygonX[i]!)
    if (cross * orientation < -1e-9) return false
  }
  return true
}

/** Whether the screen's band [-1, 1] x [-1, top] lies in the polygon: its four corners do (both are convex). */
function bandCovered(top: number, count: number, orientation: number): boolean {
  return (
    insideConvex(-1, -1, count, orientation) &&
    insideConvex(1, -1, count, orientation) &&
    insideConvex(-1, top, count, orientation) &&
    insideConvex(1, top, count, orientation)
  )
}

/**
 * The floor's outline in normalised device coordinates (x, y in [-1, 1] on screen), clipped to what lies in
 * front of the camera; returns the number of points (0 when none of it is in front).
 */
function projectFloor(floor: Floor, viewProjection: Matrix4): number {
  const m = viewProjection.elements
  for (let i = 0; i < 4; i++) {
    const x = i === 1 || i === 2 ? floor.maxX : floor.minX
    const z = i < 2 ? floor.minZ : floor.maxZ
    const y = floor.y
    for (let row = 0; row < 4; row++) corners[i * 4 + row] = m[row]! * x + m[4 + row]! * y + m[8 + row]! * z + m[12 + row]!
  }
  // Sutherland-Hodgman against the near plane (z + w >= 0 in clip space)
  let count = 0
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4
    const a = corners[i * 4 + 2]! + corners[i * 4 + 3]!
    const b = corners[j * 4 + 2]! + corners[j * 4 + 3]!
    if (a >= 0) {
      for (let k = 0; k < 4; k++) clipped[count * 4 + k] = corners[i * 4 + k]!
      count++
    }
    if (a >= 0 !== b >= 0) {
      const t = a / (a - b)
      for (let k = 0; k < 4; k++) clipped[count * 4 + k] = corners[i * 4 + k]! + t * (corners[j * 4 + k]! - corners[i * 4 + k]!)
      count++
    }
  }
  for (let i = 0; i < count; i++) {
    const w = Math.max(clipped[i * 4 + 3]!, 1e-9)
    polygonX[i] = clipped[i * 4]! / w
    polygonY[i] = clipped[i * 4 + 1]! / w
  }
  return count
}

/**
 * The height on screen (normalised device y, -1 at the bottom) below which every pixel shows one of the
 * floors, for a camera at `cameraPosition` with `viewProjection` (projection times world-to-view); -1 when
 * no floor fills the bottom of the picture. A floor counts only seen from above and from within its extent (a
 * heightfield has no walls: from outside, a ray could pass under its edge).
 */
export function floorCoveredBelow(floors: readonly Floor[], viewProjection: Matrix4, cameraPosition: { x: number; y: number; z: number }): number {
  let best = -1
  for (const floor of floors) {
    const { x, y, z } = cameraPosition
    if (!(y > floor.y && x > floor.minX && x < floor.maxX && z > floor.minZ && z < floor.maxZ)) continue
    const count = projectFloor(floor, viewProjection)
    if (count < 3) continue
    let area = 0
    for (let i = 0; i < count; i++) {
      const j = i + 1 === count ? 0 : i + 1
      area += polygonX[i]! * polygonY[j]! - polygonX[j]! * polygonY[i]!
    }
    const orientation = Math.sign(area)
    if (orientation === 0) continue
    if (!bandCovered(best, count, orientation)) continue
    let low = best
    let high = 1
    if (bandCovered(high, count, orientation)) return 1
    for (let i = 0; i < 24; i++) {
      const middle = (low + high) / 2
      if (bandCovered(middle, count, orientation)) low = middle
      else high = middle
    }
    best = low
  }
  return best
}

/**
 * The first texel row a pass of `height` rows must draw, given the covered height on screen: the covered rows
 * less `margin` texels (the floor's own edge is antialiased, and reads of this target reach a texel or two down).
 */
export function firstDrawnRow(coveredBelow: number, height: number, margin: number): number {
  if (coveredBelow <= -1) return 0
  return Math.max(0, Math.min(height, Math.floor((coveredBelow * 0.5 + 0.5) * height) - margin))
}
