import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/glitch-signal-loss.frag'
import vertex from '../../../shaders/layers/glitch-signal-loss.vert'

/** Signal loss: the dream slips, rolls and drowns in noise, then recovers. */
export const glitchSignalLoss = defineLayer({
  type: 'glitch-signal-loss',
  label: 'Glitch: signal loss',
  kind: 'effect',
  cost: () => 3,
  description: 'The dream loses its carrier: rows slip, the frame rolls and drowns in noise, then the signal returns.',
  fragment,
  vertex,
  glitch: true,
  convolution: true,
  params: {
    intensity: p.float(0.8, { min: 0, max: 1, step: 0.01, hint: 'scaled by the crash envelope' }),
    trigger: p.select('cycle', ['cycle', 'crash'], { hint: 'its own seeded cycle, or the crash behaviour\'s peak' }),
    period: p.float(12, { min: 6, max: 60, step: 0.5, label: 'cycle (s)', hint: 'at least 6 s: a cycle holds four changes, and shorter ones only strobe (photosensitive safety)' }),
    hold: p.float(0.15, { min: 0, max: 0.6, step: 0.01, hint: 'fraction of the cycle spent lost' }),
    noiseColor: p.color('#3d5a8a', { label: 'noise colour' }),
  },
})
