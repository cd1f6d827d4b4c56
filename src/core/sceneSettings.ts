/**
 * Scene-wide settings, declared with the same parameter specs as layers, so the scene panel, the preset
 * sanitizer and morphing all come from this one list.
 */
import { p, type ParamValues } from './params'

export const sceneParams = {
  speed: p.float(1, { min: 0, max: 4, step: 0.01, label: 'time speed' }),
  cameraMotion: p.select('drift', ['still', 'drift', 'orbit', 'float', 'parallax'], { label: 'camera motion' }),
  cameraAmount: p.float(1, { min: 0, max: 3, step: 0.01, label: 'motion amount' }),
  fov: p.float(55, { min: 20, max: 100, step: 1, label: 'field of view' }),
  /** The night: 0 is bedtime (dusk), 0.5 deep night, 1 dawn. Layers may follow it through the uNight uniform. */
  nightMode: p.select('pinned', ['pinned', 'cycle'], { label: 'night', hint: 'pinned holds one moment; cycle plays bedtime to dawn' }),
  nightPhase: p.float(0.5, { min: 0, max: 1, step: 0.001, label: 'moment', hint: '0 bedtime, 0.5 deep night, 1 dawn' }),
  nightDuration: p.float(180, { min: 10, max: 3600, step: 1, label: 'night length (s)' }),
  /** The SleepSync crash: a seeded schedule of glitch bursts that drives every glitch layer's intensity. */
  crashMode: p.select('off', ['off', 'once', 'loop'], { label: 'crash' }),
  crashPeriod: p.float(24, { min: 6, max: 300, step: 0.5, label: 'crash cycle (s)' }),
  crashSeverity: p.float(0.8, { min: 0, max: 1, step: 0.01, label: 'crash severity' }),
  /**
   * Light reaching the display: a linear gain on the finished HDR picture before the one tone mapping every
   * dream shares (Khronos PBR Neutral, in the output stage). 1 shows values as the layers wrote them.
   */
  exposure: p.float(1, { min: 0.25, max: 4, step: 0.01, hint: 'brightness before highlights are compressed; 2 is one stop brighter' }),
  /** Photosensitive safety: the flash limiter is on unless the artist deliberately turns this on. */
  allowIntenseFlashing: p.bool(false, { label: 'allow intense flashing', hint: 'turns the WCAG 2.3.1 flash limiter off' }),
} as const

export type SceneSettings = ParamValues<typeof sceneParams>
