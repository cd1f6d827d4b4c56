/**
 * Reduced motion for the viewer: a person who asked their system for less motion gets a slower, calmer dream.
 */
import type { DreamDocument } from '../core/document'

export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)'

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia(REDUCED_MOTION_QUERY).matches
}

/**
 * The calm version of a document for display only (never for links or remixes): time at half speed and the
 * camera moving a third as far. Glitch strobing is the scene's business (DreamScene's `calm`).
 */
export function calmDocument(doc: DreamDocument): DreamDocument {
  return {
    ...doc,
    scene: {
      ...doc.scene,
      speed: doc.scene.speed * 0.5,
      cameraAmount: doc.scene.cameraAmount / 3,
    },
  }
}
