/**
 * Dream camera motions, as pure functions of dream time (so a pinned time frames the same shot).
 * They move a rig that holds the camera, so the editor's orbit controls never fight them and are not edits.
 */
import type { Object3D } from 'three'
import type { SceneSettings } from '../core/sceneSettings'

export const CAMERA_HOME = { position: [0, 2.1, 7] as const, target: [0, 1.5, -12] as const }

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
