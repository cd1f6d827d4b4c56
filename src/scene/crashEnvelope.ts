import type { SceneSettings } from '../core/sceneSettings'
import { crashEnvelopeAt } from '../core/crash'

/**
 * The SleepSync crash envelope fed to every glitch layer as uCrash. With the crash behaviour off, glitch
 * layers run at their own intensity (envelope 1). The scheduled crash lives in src/core/crash.ts.
 */
export function crashEnvelope(scene: SceneSettings, seed: number, time: number): number {
  return crashEnvelopeAt(scene, seed, time)
}
