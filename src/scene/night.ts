import type { SceneSettings } from '../core/sceneSettings'

/**
 * Where in the night the scene is: 0 bedtime, 0.5 deep night, 1 dawn. A cycle starts at the pinned moment
 * and plays towards dawn, where it rests: the story ends at dawn.
 */
export function nightPhase(scene: SceneSettings, time: number): number {
  if (scene.nightMode !== 'cycle') return scene.nightPhase
  return Math.min(1, scene.nightPhase + Math.max(0, time) / scene.nightDuration)
}
