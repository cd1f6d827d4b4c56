import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/fireflies.frag'
import vertex from '../../../shaders/layers/fireflies.vert'
import { FirefliesObject } from './FirefliesObject'

/** Declared apart so FirefliesObject can type its values from them. */
export const firefliesParams = {
  count: p.int(600, { min: 1, max: 4000, geometry: true, quality: { floor: 100, order: 1 } }),
  spread: p.float(16, { min: 2, max: 60, step: 0.1 }),
  altitude: p.float(3, { min: 0, max: 12, step: 0.1 }),
  size: p.float(1, { min: 0.1, max: 5, step: 0.01 }),
  speed: p.float(1, { min: 0, max: 5, step: 0.01 }),
  wander: p.float(1.5, { min: 0, max: 6, step: 0.01 }),
  pulseSpeed: p.float(1.3, { min: 0, max: 4, step: 0.01, label: 'pulse speed' }),
  brightness: p.float(1.2, { min: 0, max: 4, step: 0.01 }),
  colorA: p.color('#ffe08a', { label: 'colour A' }),
  colorB: p.color('#8affd1', { label: 'colour B' }),
}

export const fireflies = defineLayer({
  type: 'fireflies',
  label: 'Fireflies',
  kind: 'object',
  cost: (v) => 0.1 + v.count / 1800,
  description: 'Glowing motes wandering through a noise flow field.',
  fragment,
  vertex,
  object: FirefliesObject,
  blend: 'add',
  params: firefliesParams,
})
