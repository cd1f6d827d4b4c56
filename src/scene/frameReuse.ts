/**
 * Soft work that one frame cannot be told from the next (the water's reflection under its ripples, the bloom's
 * glow) is redrawn on one live frame of the playing loop in REUSE_REFRESH and reused on the frames between; two
 * kinds of work redraw on different frames. Stills, video frames, paused edits, seeks, stalls, resizes and camera
 * cuts always draw it anew.
 */
import { Vector3, type Camera } from 'three'
import { isLiveFrame } from './amortisedSoftPass'

/**
 * Live frames redraw reusable work one in this many: at most two frames old (33 ms at 60 Hz; at the bench's 20 Hz
 * steps, the 0.1 s REUSE_STEP). One in two redrew the bloom's chain and the reflection half the time each; one in
 * three saves another sixth of both, and the third frame draws neither.
 */
export const REUSE_REFRESH = 3
/** Dream seconds after which reusable work is drawn anew (a seek, a stall). */
export const REUSE_STEP = 0.1
/** Camera moves beyond these (a cut, a studio flight) draw it anew: world units, and the cosine of 0.5 degree. */
const REUSE_MOVE = 0.05
const REUSE_TURN = Math.cos((0.5 * Math.PI) / 180)

export interface ReusableWork {
  /**
   * Whether this frame may reuse what was drawn last: a live frame of the right phase (`phase` 0 or 1: two kinds
   * of work on different phases redraw on different frames), drawn at the same `width` x `height` and for
   * the same `detail` (a water level), at most REUSE_STEP dream seconds ago, from nearly where the camera is now.
   * Numbers, not a key string: this runs every frame.
   */
  mayReuse(renderer: object, camera: Camera, time: number, width: number, height: number, detail?: number): boolean
  /** Call when the work is drawn anew. */
  drawn(camera: Camera, time: number, width: number, height: number, detail?: number): void
}

export function createReusableWork(phase: 0 | 1 = 0): ReusableWork {
  const last = { width: 0, height: 0, detail: Number.NaN, time: Number.NaN, position: new Vector3(), forward: new Vector3() }
  const position = new Vector3()
  const forward = new Vector3()
  let liveFrames = 0
  return {
    mayReuse(renderer, camera, time, width, height, detail = 0) {
      liveFrames = isLiveFrame(renderer) ? liveFrames + 1 : 0
      if (liveFrames === 0 || (liveFrames + phase) % REUSE_REFRESH === 0) return false
      const step = time - last.time
      // a microsecond of slack: two 0.05 s steps of a float clock come to 0.10000000000000053 as often as not, and
      // a 20 Hz loop (a slow phone, the bench) then redrew every other frame instead of one in three
      if (width !== last.width || height !== last.height || detail !== last.detail || !(step >= 0 && step <= REUSE_STEP + 1e-6)) return false
      camera.updateMatrixWorld()
      position.setFromMatrixPosition(camera.matrixWorld)
      forward.set(0, 0, -1).transformDirection(camera.matrixWorld)
      return position.distanceTo(last.position) <= REUSE_MOVE && forward.dot(last.forward) >= REUSE_TURN
    },
    drawn(camera, time, width, height, detail = 0) {
      last.width = width
      last.height = height
      last.detail = detail
      last.time = time
      camera.updateMatrixWorld()
      last.position.setFromMatrixPosition(camera.matrixWorld)
      last.forward.set(0, 0, -1).transformDirection(camera.matrixWorld)
    },
  }
}
