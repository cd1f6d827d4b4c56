import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/glitch-static.frag'

/** Snow and tape dropouts. */
export const glitchStatic = defineLayer({
  type: 'glitch-static',
  label: 'Glitch: static',
  kind: 'effect',
  cost: () => 2,
  description: 'Boiling snow over the dream, and dropouts: rows that flare into short comets and fall back.',
  fragment,
  glitch: true,
  params: {
    intensity: p.float(0.5, { min: 0, max: 1, step: 0.01, hint: 'scaled by the crash envelope' }),
    snow: p.float(0.5, { min: 0, max: 1, step: 0.01 }),
    dropouts: p.float(0.4, { min: 0, max: 1, step: 0.01 }),
    grainSize: p.float(1.5, { min: 1, max: 6, step: 0.1, label: 'grain size', hint: 'pixels per snowflake' }),
    tint: p.color('#dbe8ff'),
  },
})
