import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/glitch-scanlines.frag'

/** Scanlines and rolling interference bars that bend the rows they pass. */
export const glitchScanlines = defineLayer({
  type: 'glitch-scanlines',
  label: 'Glitch: scanlines',
  kind: 'effect',
  cost: () => 2,
  description: 'Fine scanlines and soft interference bars that roll up the screen, bending the picture.',
  fragment,
  glitch: true,
  convolution: true,
  params: {
    intensity: p.float(0.5, { min: 0, max: 1, step: 0.01, hint: 'scaled by the crash envelope' }),
    lineDensity: p.float(180, { min: 40, max: 720, step: 1, label: 'lines', hint: 'scanlines per screen height' }),
    rollSpeed: p.float(0.12, { min: -1.5, max: 1.5, step: 0.01, label: 'roll speed', hint: 'screens per dream-second' }),
    bars: p.float(1.5, { min: 0, max: 6, step: 0.1, hint: 'interference bars on screen' }),
    wobble: p.float(0.5, { min: 0, max: 1, step: 0.01, hint: 'how much the bars bend the rows' }),
    tint: p.color('#9fe6ff'),
  },
})
