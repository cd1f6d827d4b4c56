import type { SceneSettings } from '../core/sceneSettings'

/**
 * The SleepSync crash envelope fed to every glitch layer as uCrash. With the crash behaviour off, glitch
 * layers run at their own intensity (envelope 1). The scheduled crash lives in src/core/crash.ts.
 */
export function crashEnvelope(scene: SceneSettings, _seed: number, _time: number): number {
  return scene.crashMode === 'off' ? 1 : 1
}
