import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/glitch-rgb.frag'
import vertex from '../../../shaders/layers/glitch-rgb.vert'

/** Chromatic split: the colour channels drift apart on slow currents and snap when the sync stutters. */
export const glitchRgb = defineLayer({
  type: 'glitch-rgb',
  label: 'Glitch: RGB split',
  kind: 'effect',
  cost: () => 5,
  description: 'The colour guns drift apart on slow currents and snap sideways when the signal stutters.',
  fragment,
  vertex,
  glitch: true,
  convolution: true,
  params: {
    intensity: p.float(0.5, { min: 0, max: 1, step: 0.01, hint: 'scaled by the crash envelope' }),
    spread: p.float(0.012, { min: 0, max: 0.08, step: 0.001, hint: 'largest offset, as a fraction of the width' }),
    drift: p.float(0.6, { min: 0, max: 4, step: 0.01, hint: 'how fast the split wanders' }),
    radial: p.float(0.5, { min: 0, max: 1, step: 0.01, label: 'lens', hint: 'wider towards the edges' }),
  },
})
