import type { SceneSettings } from '../core/sceneSettings'
import { crashEnvelopeAt } from '../core/crash'

/**
 * The SleepSync crash envelope fed to every glitch layer as uCrash. With the crash behaviour off, glitch
 * layers run at their own intensity (envelope 1). The scheduled crash lives in src/core/crash.ts; the scene's time
 * speed is part of the settings, so bursts and cycles keep their photosensitive spacing in display seconds.
 */
export function crashEnvelope(scene: SceneSettings, seed: number, time: number): number {
  return crashEnvelopeAt(scene, seed, time)
}
