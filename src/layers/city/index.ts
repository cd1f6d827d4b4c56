import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/city.frag'

export const city = defineLayer({
  type: 'city',
  label: 'City',
  kind: 'backdrop',
  cost: () => 13,
  // windows change only by fades over seconds: amortised at full resolution, one texel of every 4 x 4 a live frame
  // (a texel is at most 16 frames old), read texel for texel (src/scene/amortisedSoftPass.ts)
  amortised: 4,
  description: 'Neoterra on the horizon: towers in silhouette, slowly changing windows, neon crowns and haze.',
  fragment,
  params: {
    density: p.float(1.3, { min: 0.3, max: 3, step: 0.01, hint: 'how closely the towers stand' }),
    tallness: p.float(1, { min: 0.2, max: 3, step: 0.01 }),
    horizonOffset: p.float(-0.5, { min: -10, max: 10, step: 0.05, label: 'street level', hint: 'degrees from the horizon' }),
    buildingColor: p.color('#07061a', { label: 'towers' }),
    hazeColor: p.color('#6a3a9e', { label: 'haze' }),
    haze: p.float(0.6, { min: 0, max: 3, step: 0.01 }),
    windowColor: p.color('#ffc677', { label: 'windows' }),
    neonColor: p.color('#ff4fd8', { label: 'neon' }),
    windowsLit: p.float(0.22, { min: 0, max: 1, step: 0.01, label: 'windows lit' }),
    windowSize: p.float(0.09, { min: 0.05, max: 0.4, step: 0.005, label: 'window size' }),
    windowGlow: p.float(1.2, { min: 0, max: 5, step: 0.01, label: 'window glow' }),
    neon: p.float(1.2, { min: 0, max: 5, step: 0.01 }),
    flicker: p.float(0.5, { min: 0, max: 1, step: 0.01, hint: 'small and slow: never a strobe' }),
    followNight: p.bool(true, { label: 'lights out at dawn' }),
  },
})
