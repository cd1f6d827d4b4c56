import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/kaleidoscope.frag'

export const kaleidoscope = defineLayer({
  type: 'kaleidoscope',
  label: 'Kaleidoscope',
  kind: 'effect',
  cost: () => 4,
  description: 'The shared dreamspace: the picture folded into slowly turning mirrored wedges.',
  fragment,
  convolution: true,
  params: {
    segments: p.int(6, { min: 2, max: 24 }),
    amount: p.float(1, { min: 0, max: 1, step: 0.01 }),
    reach: p.float(2, { min: 0, max: 2, step: 0.01, hint: 'how far from the centre the fold reaches' }),
    center: p.vec2([0.5, 0.55], { min: 0, max: 1, step: 0.005, label: 'centre' }),
    zoom: p.float(1, { min: 0.2, max: 4, step: 0.01 }),
    angle: p.float(0, { min: -180, max: 180, wrap: true, step: 0.5 }),
    spin: p.float(0.3, { min: -3, max: 3, step: 0.01 }),
    ripple: p.float(0.5, { min: 0, max: 3, step: 0.01 }),
  },
})
