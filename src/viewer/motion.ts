/**
 * Reduced motion for the viewer: a person who asked their system for less motion gets a slower, calmer dream.
 */
import type { DreamDocument } from '../core/document'

export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)'

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia(REDUCED_MOTION_QUERY).matches
}

/** Reduced motion: dream time runs at this fraction of the document's speed (journeys travel at it too). */
export const CALM_TIME_SCALE = 0.35
/** Reduced motion: the camera moves this fraction as far (and, with the slower time, far more slowly). */
export const CALM_CAMERA_SCALE = 0.25

/**
 * The calm version of a document for display only (never for links or remixes): slow time and a camera that
 * barely moves, so the picture changes at most half as much from frame to frame (tests/browser/viewer-calm).
 * Glitch bursts are the scene's business (DreamScene's `calm` holds them at a faint steady level).
 */
export function calmDocument(doc: DreamDocument): DreamDocument {
  return {
    ...doc,
    scene: {
      ...doc.scene,
      speed: doc.scene.speed * CALM_TIME_SCALE,
      cameraAmount: doc.scene.cameraAmount * CALM_CAMERA_SCALE,
    },
  }
}
