import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/rain.frag'
import vertex from '../../../shaders/layers/rain.vert'
import { RainObject } from './RainObject'

/** Declared apart so RainObject can type its values from them. */
export const rainParams = {
  count: p.int(2500, { min: 10, max: 20000, geometry: true, quality: { floor: 400, order: 1 } }),
  speed: p.float(9, { min: 0.1, max: 30, step: 0.01, hint: 'metres a second: ~9 for rain, ~0.5 for dust' }),
  streak: p.float(0.06, { min: 0, max: 0.5, step: 0.001, label: 'streak length', hint: 'seconds of motion each streak shows' }),
  wind: p.float(0.25, { min: -2, max: 2, step: 0.01 }),
  swirl: p.float(0, { min: 0, max: 3, step: 0.01, hint: 'sideways drift: dust, snow, petals' }),
  spread: p.float(30, { min: 4, max: 80, step: 0.1 }),
  altitude: p.float(-2, { min: -5, max: 10, step: 0.1, label: 'lowest point' }),
  colorA: p.color('#b9d3ff', { label: 'colour A' }),
  colorB: p.color('#e0b8ff', { label: 'colour B' }),
  brightness: p.float(0.8, { min: 0, max: 4, step: 0.01 }),
}

export const rain = defineLayer({
  type: 'rain',
  label: 'Rain & dream dust',
  kind: 'object',
  cost: (v) => 0.3 + v.count / 2000,
  description: 'Falling streaks of light: fast silver rain, or (slow, swirling) drifting dream dust.',
  fragment,
  vertex,
  object: RainObject,
  blend: 'add',
  params: rainParams,
})
