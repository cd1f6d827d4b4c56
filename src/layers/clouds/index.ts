import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/clouds.frag'

export const clouds = defineLayer({
  type: 'clouds',
  label: 'Clouds',
  kind: 'backdrop',
  // per march step: a density fbm of `octaves` and a light sample of one octave fewer (see clouds.frag)
  cost: (v) => 1 + 0.65 * v.steps * (2 * v.octaves - 1),
  // soft and low-frequency: a quarter of the pixels, upsampled (see src/scene/backdropStack.ts)
  resolution: 0.5,
  // slow drift: live frames shade one texel of every 4 x 4 (src/scene/amortisedSoftPass.ts); against reference mode
  // its live frames measured the same SSIM as at 2 x 2 in five cloudy presets
  amortised: 4,
  // its march starts at a per-texel random depth: upsampled with a tent, not magnified into blotches
  dithered: true,
  description: 'Soft moonlit cloud banks drifting through a slab of sky, raymarched.',
  fragment,
  params: {
    coverage: p.float(0.45, { min: 0, max: 1, step: 0.01 }),
    density: p.float(1, { min: 0, max: 4, step: 0.01 }),
    scale: p.float(1, { min: 0.2, max: 5, step: 0.01, hint: 'size of the cloud shapes' }),
    altitude: p.float(6, { min: 1, max: 40, step: 0.1 }),
    thickness: p.float(5, { min: 0.5, max: 20, step: 0.1 }),
    wind: p.float(0.03, { min: 0, max: 0.5, step: 0.001 }),
    litColor: p.color('#c9c3ff', { label: 'lit colour' }),
    shadowColor: p.color('#1d1838', { label: 'shadow colour' }),
    dawnTint: p.color('#ffb08a', { label: 'dawn tint' }),
    lightAzimuth: p.float(-72, { min: -180, max: 180, wrap: true, step: 0.5, label: 'light direction', hint: 'match the moon' }),
    brightness: p.float(1, { min: 0, max: 4, step: 0.01 }),
    steps: p.int(12, { min: 4, max: 48, quality: { floor: 6, order: 1 } }),
    octaves: p.int(3, { min: 1, max: 5, quality: { floor: 2, order: 2 } }),
    followNight: p.bool(true, { label: 'follow the night' }),
  },
})
