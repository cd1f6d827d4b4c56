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
 * Thin fast particles change every pixel they cross whatever the time scale (rain in insomnia-streets was 90% of
 * its frame-to-frame change, and slow time only halved it): under reduced motion there are fewer and fainter.
 */
export const CALM_LAYER_PARAMS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  rain: { count: 0.35, brightness: 0.6 },
}

function calmParams(type: string, params: DreamDocument['layers'][number]['params']) {
  const factors = CALM_LAYER_PARAMS[type]
  if (!factors) return params
  const out = { ...params }
  for (const [key, factor] of Object.entries(factors)) {
    const value = out[key]
    if (typeof value === 'number') out[key] = Number.isInteger(value) ? Math.max(1, Math.round(value * factor)) : value * factor
  }
  return out
}

/**
 * The calm version of a document for display only (never for links or remixes): slow time, a camera that
 * barely moves and quieter particles, so the picture changes at most half as much from frame to frame
 * (tests/browser/viewer-calm measures it). Glitch bursts are the scene's business (DreamScene's `calm` holds
 * them at a faint steady level).
 */
export function calmDocument(doc: DreamDocument): DreamDocument {
  return {
    ...doc,
    scene: {
      ...doc.scene,
      speed: doc.scene.speed * CALM_TIME_SCALE,
      cameraAmount: doc.scene.cameraAmount * CALM_CAMERA_SCALE,
    },
    layers: doc.layers.map((layer) => (CALM_LAYER_PARAMS[layer.type] ? { ...layer, params: calmParams(layer.type, layer.params) } : layer)),
  }
}
