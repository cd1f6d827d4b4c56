import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/color-grade.frag'
import vertex from '../../../shaders/layers/color-grade.vert'

export const colorGrade = defineLayer({
  type: 'color-grade',
  label: 'Colour grade',
  kind: 'effect',
  cost: () => 4,
  description: 'The look of the dream: lift, gamma and gain, split toning, contrast, a filmic shoulder, saturation, hue.',
  fragment,
  // the exposure factor, 1 / gamma and the hue rotation, per draw rather than per pixel
  vertex,
  params: {
    exposure: p.float(0, { min: -3, max: 3, step: 0.01, hint: 'stops' }),
    contrast: p.float(1.05, { min: 0.5, max: 2, step: 0.01 }),
    saturation: p.float(1.1, { min: 0, max: 2, step: 0.01 }),
    lift: p.color('#1a1040', { label: 'lift colour', hint: 'the colour the blacks are raised toward' }),
    liftAmount: p.float(0.04, { min: 0, max: 0.5, step: 0.001, label: 'lift' }),
    gamma: p.float(1, { min: 0.3, max: 3, step: 0.01 }),
    gain: p.float(1, { min: 0, max: 3, step: 0.01 }),
    shadowTint: p.color('#5b6bd6', { label: 'shadow tint' }),
    highlightTint: p.color('#ffb38a', { label: 'highlight tint' }),
    toning: p.float(0.15, { min: 0, max: 1, step: 0.01, label: 'split toning' }),
    curve: p.float(0.5, { min: 0, max: 1, step: 0.01, label: 'filmic shoulder' }),
    hueShift: p.float(0, { min: -180, max: 180, wrap: true, step: 0.5, label: 'hue shift' }),
    hueDrift: p.float(0, { min: 0, max: 4, step: 0.01, label: 'hue drift', hint: 'a slow wandering of hue, degrees x8' }),
  },
})
