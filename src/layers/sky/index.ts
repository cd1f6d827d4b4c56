import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/sky.frag'

export const sky = defineLayer({
  type: 'sky',
  label: 'Sky',
  kind: 'backdrop',
  cost: () => 4,
  // soft and low-frequency: a quarter of the pixels, upsampled (see src/scene/backdropStack.ts)
  resolution: 0.5,
  // a gradient that follows the night over minutes: live frames shade one texel of every 4 x 4
  // (src/scene/amortisedSoftPass.ts)
  amortised: 4,
  // alpha 1 in every direction: at full opacity nothing behind it shows (the water leaves out its own sky)
  opaque: true,
  description: 'A night gradient with a horizon glow that follows bedtime to dawn.',
  fragment,
  params: {
    zenith: p.color('#070a1f', { label: 'zenith' }),
    horizon: p.color('#2b1d4f', { label: 'horizon' }),
    glow: p.color('#ff7a59', { label: 'glow' }),
    dawn: p.color('#ffc98a', { label: 'dawn tint' }),
    glowStrength: p.float(0.6, { min: 0, max: 3, step: 0.01, label: 'glow strength' }),
    glowHeight: p.float(0.09, { min: 0.01, max: 0.6, step: 0.005, label: 'glow height' }),
    glowAzimuth: p.float(-90, { min: -180, max: 180, wrap: true, step: 1, label: 'glow direction' }),
    curve: p.float(0.55, { min: 0.1, max: 3, step: 0.01, label: 'gradient curve' }),
    shimmer: p.float(0.5, { min: 0, max: 1, step: 0.01 }),
    followNight: p.bool(true, { label: 'follow the night' }),
  },
})
