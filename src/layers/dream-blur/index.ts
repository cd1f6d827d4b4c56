import { KernelSize, TiltShiftEffect } from 'postprocessing'
import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'

const KERNELS = { small: KernelSize.SMALL, medium: KernelSize.MEDIUM, large: KernelSize.LARGE, huge: KernelSize.HUGE } as const

/** Soft focus at the edges of a dream: postprocessing's tilt-shift (a Kawase blur masked by a focus band). */
export const dreamBlur = defineLayer({
  type: 'dream-blur',
  label: 'Dream blur',
  kind: 'effect',
  cost: () => 8.5,
  description: 'Soft focus: a sharp band of the dream, melting into blur above and below (tilt-shift).',
  convolution: true,
  createEffect: () => new TiltShiftEffect({ kernelSize: KernelSize.LARGE, resolutionScale: 0.5 }),
  applyParams: (tiltShift, values) => {
    tiltShift.offset = values.focus
    tiltShift.focusArea = values.focusArea
    tiltShift.feather = values.feather
    tiltShift.rotation = (values.angle * Math.PI) / 180
    tiltShift.blurPass.kernelSize = KERNELS[values.blur]
    tiltShift.blurPass.blurMaterial.scale = values.spread
  },
  params: {
    focus: p.float(-0.05, { min: -0.5, max: 0.5, step: 0.005, hint: 'where the sharp band sits, from the centre' }),
    focusArea: p.float(0.55, { min: 0, max: 1, step: 0.005, label: 'sharp band' }),
    feather: p.float(0.3, { min: 0, max: 1, step: 0.005, label: 'softness' }),
    angle: p.float(0, { min: -90, max: 90, step: 0.5, hint: 'tilt of the sharp band in degrees' }),
    blur: p.select('large', ['small', 'medium', 'large', 'huge'], { label: 'blur size' }),
    spread: p.float(1, { min: 0, max: 3, step: 0.01, label: 'blur spread' }),
  },
})
