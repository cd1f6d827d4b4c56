import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/aurora.frag'

export const aurora = defineLayer({
  type: 'aurora',
  label: 'Aurora',
  kind: 'backdrop',
  // per segment: a scan of the ribbons' heights, the rest only where a sheet comes near (2.3-2.6 fbm5 at 28, full size)
  cost: (v) => 1 + 0.4 * v.steps,
  // Half resolution (issue 14): its light is integrated analytically along each view ray (no dither to magnify) and
  // its rays are averaged over a pixel's footprint, so the upsample only softens streaks a few pixels wide.
  resolution: 0.5,
  // slow folds and crawling rays: a live frame shades one soft texel of every 2 x 2 (at 4 x 4 the crawling rays
  // lagged visibly against reference mode: p99 9 code values in the masterpiece, 2 x 2: 2)
  amortised: true,
  description: 'Curtains of green and violet light folding slowly across the sky, streaked with rays.',
  fragment,
  blend: 'add',
  params: {
    lowColor: p.color('#3dffa8', { label: 'hem colour' }),
    highColor: p.color('#2fd7ff', { label: 'middle colour' }),
    topColor: p.color('#b45cff', { label: 'top colour' }),
    brightness: p.float(1, { min: 0, max: 4, step: 0.01 }),
    scale: p.float(1, { min: 0.2, max: 4, step: 0.01, hint: 'smaller values bring the curtains closer' }),
    curtainHeight: p.float(1.6, { min: 0.2, max: 4, step: 0.01, label: 'curtain height' }),
    thickness: p.float(0.8, { min: 0.1, max: 4, step: 0.01 }),
    fold: p.float(1, { min: 0, max: 3, step: 0.01, hint: 'how much the curtains bend and fold' }),
    raysAmount: p.float(0.7, { min: 0, max: 1, step: 0.01, label: 'rays' }),
    speed: p.float(1, { min: 0, max: 4, step: 0.01 }),
    steps: p.int(28, { min: 4, max: 48, label: 'slices', hint: 'how finely each view ray follows the curtains up: fewer cost less and show faint bands', quality: { floor: 8, order: 1 } }),
    followNight: p.bool(true, { label: 'fade at dawn' }),
  },
})
