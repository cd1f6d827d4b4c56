import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/nebula.frag'

export const nebula = defineLayer({
  type: 'nebula',
  label: 'Nebula',
  kind: 'backdrop',
  // the final fbm plus two warp fbms of (octaves - 2) octaves each, one loop that the ground below the horizon
  // fade leaves after one octave (see nebula.frag); measured 0.7 of the cost before that
  cost: (v) => 0.9 * (v.octaves + 2 * (v.octaves > 3 ? v.octaves - 2 : 1)) + 0.5,
  // soft and low-frequency: a quarter of the pixels, upsampled (see src/scene/backdropStack.ts)
  resolution: 0.5,
  // slow: live frames shade a quarter of its texels (src/scene/amortisedSoftPass.ts); not one of 16: its warped
  // filaments move far enough in 16 frames to show as a lag against reference mode (p99.9 14 code values, 2 x 2: 5)
  amortised: true,
  description: 'Domain-warped clouds of light in three colours.',
  fragment,
  blend: 'screen',
  params: {
    colorA: p.color('#2a0b4f', { label: 'deep colour' }),
    colorB: p.color('#c45cd8', { label: 'bright colour' }),
    colorC: p.color('#7fe3ff', { label: 'highlight' }),
    scale: p.float(1.6, { min: 0.1, max: 8, step: 0.01 }),
    octaves: p.int(5, { min: 1, max: 8, quality: { floor: 2, order: 2 } }),
    warp: p.float(0.8, { min: 0, max: 2, step: 0.01 }),
    threshold: p.float(0.3, { min: 0, max: 0.95, step: 0.01 }),
    density: p.float(0.7, { min: 0, max: 1, step: 0.01 }),
    brightness: p.float(0.6, { min: 0, max: 4, step: 0.01 }),
    drift: p.float(0.02, { min: 0, max: 0.5, step: 0.001 }),
  },
})
