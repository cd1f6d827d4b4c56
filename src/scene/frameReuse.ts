/**
 * Soft work that one frame cannot be told from the next (the water's reflection under its ripples, the bloom's
 * glow) is redrawn on every other live frame of the playing loop and reused on the frame between. Stills, video
 * frames, paused edits, seeks, stalls, resizes and camera cuts always draw it anew.
 */
import { Vector3, type Camera } from 'three'
import { isLiveFrame } from './amortisedSoftPass'

/** Live frames redraw reusable work one in this many. */
export const REUSE_REFRESH = 2
/** Dream seconds after which reusable work is drawn anew (a seek, a stall). */
export const REUSE_STEP = 0.1
/** Camera moves beyond these (a cut, a studio flight) draw it anew: world units, and the cosine of 0.5 degree. */
const REUSE_MOVE = 0.05
const REUSE_TURN = Math.cos((0.5 * Math.PI) / 180)

export interface ReusableWork {
  /**
   * Whether this frame may reuse what was drawn last: a live frame of the right phase (`phase` 0 or 1: two kinds
   * of work on opposite phases share the savings between frames), drawn for the same `key` (a size, a water
   * level), at most REUSE_STEP dream seconds ago, from nearly where the camera is now.
   */
  mayReuse(renderer: object, camera: Camera, time: number, key: string): boolean
  /** Call when the work is drawn anew. */
  drawn(camera: Camera, time: number, key: string): void
}

export function createReusableWork(phase: 0 | 1 = 0): ReusableWork {
  const last = { key: '', time: Number.NaN, position: new Vector3(), forward: new Vector3() }
  const position = new Vector3()
  const forward = new Vector3()
  let liveFrames = 0
  return {
    mayReuse(renderer, camera, time, key) {
      liveFrames = isLiveFrame(renderer) ? liveFrames + 1 : 0
      if (liveFrames === 0 || (liveFrames + phase) % REUSE_REFRESH === 0) return false
      const step = time - last.time
      if (key !== last.key || !(step >= 0 && step <= REUSE_STEP)) return false
      camera.updateMatrixWorld()
      position.setFromMatrixPosition(camera.matrixWorld)
      forward.set(0, 0, -1).transformDirection(camera.matrixWorld)
      return position.distanceTo(last.position) <= REUSE_MOVE && forward.dot(last.forward) >= REUSE_TURN
    },
    drawn(camera, time, key) {
      last.key = key
      last.time = time
      camera.updateMatrixWorld()
      last.position.setFromMatrixPosition(camera.matrixWorld)
      last.forward.set(0, 0, -1).transformDirection(camera.matrixWorld)
    },
  }
}
