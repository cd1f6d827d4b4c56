import { BloomEffect } from 'postprocessing'
import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'

/** Dream glow: postprocessing's mipmap bloom, its settings copied from the layer's values. */
export const bloom = defineLayer({
  type: 'bloom',
  label: 'Bloom',
  kind: 'effect',
  cost: () => 7,
  description: 'A soft glow around everything bright.',
  blend: 'add',
  createEffect: () => new BloomEffect({ mipmapBlur: true, luminanceSmoothing: 0.2 }),
  applyParams: (effect, values) => {
    effect.intensity = values.intensity
    effect.luminanceMaterial.threshold = values.threshold
    effect.luminanceMaterial.smoothing = values.smoothing
    effect.mipmapBlurPass.radius = values.radius
  },
  params: {
    intensity: p.float(1.2, { min: 0, max: 6, step: 0.01 }),
    threshold: p.float(0.35, { min: 0, max: 1.5, step: 0.01 }),
    smoothing: p.float(0.3, { min: 0, max: 1, step: 0.01 }),
    radius: p.float(0.75, { min: 0, max: 1, step: 0.01 }),
  },
})
