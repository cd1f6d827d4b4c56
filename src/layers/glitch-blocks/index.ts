import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/glitch-blocks.frag'
import vertex from '../../../shaders/layers/glitch-blocks.vert'

/** Block displacement: tearing strips and misplaced, posterised macroblocks, like a stream losing packets. */
export const glitchBlocks = defineLayer({
  type: 'glitch-blocks',
  label: 'Glitch: tearing blocks',
  kind: 'effect',
  cost: () => 4,
  description: 'Strips tear sideways and macroblocks land in the wrong place, like a stream losing packets.',
  fragment,
  vertex,
  glitch: true,
  convolution: true,
  params: {
    intensity: p.float(0.5, { min: 0, max: 1, step: 0.01, hint: 'scaled by the crash envelope' }),
    blockSize: p.float(0.08, { min: 0.02, max: 0.4, step: 0.005, label: 'block size', hint: 'fraction of the height' }),
    rate: p.float(8, { min: 0.5, max: 12, step: 0.5, hint: 're-tears per dream-second; faster tears last under five frames, a strobe rather than a tear' }),
    shift: p.float(0.15, { min: 0, max: 0.5, step: 0.01, hint: 'how far strips slide' }),
    colorBleed: p.float(0.5, { min: 0, max: 1, step: 0.01, label: 'colour bleed' }),
  },
})
