import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/aurora.frag'

export const aurora = defineLayer({
  type: 'aurora',
  label: 'Aurora',
  kind: 'backdrop',
  // per slice: a scan of the ribbons' heights, the rest only where a sheet shows (measured 2.3-2.6 fbm5 at 28)
  cost: (v) => 1 + 0.4 * v.steps,
  // Full resolution although soft: its rays are streaks a few pixels wide. At half resolution the upsample
  // blurred them (SSIM against reference mode 0.961 on bedtime-to-dawn, under the 0.97 floor; issue 14), and
  // its per-pixel interleaved-gradient dither, magnified, rippled (a 2 x 2-balanced dither fixed that: a6ae860).
  // Slow folds and crawling rays: amortised at full resolution (a live frame shades one pixel of every 2 x 2; at
  // 4 x 4 the crawling rays lagged visibly against reference mode: p99 9 code values in the masterpiece, 2 x 2: 2).
  amortised: true,
  // its rays are a few pixels wide: under a slow drift one bilinear read of its history keeps them (the masterpiece at
  // 1280x720 and the bench's 20 frames a second: p99 of the difference from reference mode 7.3 code values, 6.7 with
  // the Catmull-Rom filter; its resolve 49 -> 28 ms)
  softHistory: true,
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
    steps: p.int(28, { min: 4, max: 48, label: 'slices', quality: { floor: 8, order: 1 } }),
    followNight: p.bool(true, { label: 'fade at dawn' }),
  },
})
