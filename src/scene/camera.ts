/**
 * Dream camera motions, as pure functions of dream time (so a pinned time frames the same shot).
 * They move a rig that holds the camera, so the editor's orbit controls never fight them and are not edits.
 */
import type { Object3D, Vector3 } from 'three'
import type { SceneSettings } from '../core/sceneSettings'

export const CAMERA_HOME = { position: [0, 2.1, 7] as const, target: [0, 1.5, -12] as const }

/** A camera view in the rig's space: where the camera stands and what it looks at. */
export interface CameraView {
  position: readonly [number, number, number]
  target: readonly [number, number, number]
}

/**
 * How far the studio's orbiting may take the camera: above the ground, never looking up from under the
 * target's horizon, and inside the dream (the backdrops sit on the far plane; past ~60 units the terrain and
 * the water end and the picture falls apart).
 */
export const ORBIT_LIMITS = {
  minDistance: 1.5,
  maxDistance: 60,
  /** Not straight down (OrbitControls flips at the pole). */
  minPolarAngle: 0.12,
  /** Just above the horizon through the target: the dream camera itself looks very slightly down. */
  maxPolarAngle: Math.PI / 2 - 0.02,
  /** The camera's lowest height above the ground plane (the water level and the valley floor). */
  minHeight: 0.6,
  /** The box the orbit target may be panned within. */
  targetMin: [-40, 0.5, -80] as const,
  targetMax: [40, 12, 20] as const,
} as const

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))

/** Clamps a target into ORBIT_LIMITS' box and a camera above its lowest height; true when anything moved. */
export function clampView(position: Vector3, target: Vector3): boolean {
  const { targetMin, targetMax, minHeight } = ORBIT_LIMITS
  const before = position.y + target.x + target.y + target.z
  target.set(clamp(target.x, targetMin[0], targetMax[0]), clamp(target.y, targetMin[1], targetMax[1]), clamp(target.z, targetMin[2], targetMax[2]))
  position.y = Math.max(position.y, minHeight)
  return position.y + target.x + target.y + target.z !== before
}

/** Smooth start and stop for camera flights (cubic ease in-out), t in 0..1. */
export const easeInOutCubic = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2)

export function applyCameraMotion(rig: Object3D, scene: SceneSettings, time: number, pointer: { x: number; y: number }): void {
  const a = scene.cameraAmount
  rig.position.set(0, 0, 0)
  rig.rotation.set(0, 0, 0)
  switch (scene.cameraMotion) {
    case 'drift':
      rig.position.set(Math.sin(time * 0.071) * 0.9 * a, Math.sin(time * 0.113) * 0.18 * a, Math.sin(time * 0.053) * 0.6 * a)
      rig.rotation.set(Math.sin(time * 0.09) * 0.015 * a, Math.sin(time * 0.047) * 0.07 * a, Math.sin(time * 0.061) * 0.012 * a)
      return
    case 'orbit':
      rig.rotation.y = time * 0.03 * a
      return
    case 'float':
      rig.position.y = Math.sin(time * 0.35) * 0.35 * a
      rig.rotation.z = Math.sin(time * 0.21) * 0.025 * a
      rig.rotation.x = Math.sin(time * 0.27) * 0.02 * a
      return
    case 'parallax':
      rig.position.x = pointer.x * 0.8 * a
      rig.position.y = pointer.y * 0.3 * a
      rig.rotation.y = -pointer.x * 0.05 * a
      return
    case 'still':
      return
  }
}
