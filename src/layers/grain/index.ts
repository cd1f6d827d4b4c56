import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/grain.frag'

export const grain = defineLayer({
  type: 'grain',
  label: 'Grain & vignette',
  kind: 'effect',
  cost: () => 2.3,
  description: 'Film grain that lives in the mid-tones, with a soft vignette and tint.',
  fragment,
  params: {
    amount: p.float(0.12, { min: 0, max: 1, step: 0.005 }),
    grainSize: p.float(1.5, { min: 1, max: 6, step: 0.1, label: 'grain size' }),
    vignette: p.float(0.45, { min: 0, max: 1, step: 0.01 }),
    tint: p.color('#ffd8f0'),
    tintAmount: p.float(0.15, { min: 0, max: 1, step: 0.01, label: 'tint amount' }),
  },
})
