import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/islands.frag'
import vertex from '../../../shaders/layers/islands.vert'
import { IslandsObject } from './IslandsObject'

/** Declared apart so IslandsObject can type its values from them. */
export const islandsParams = {
  count: p.int(9, { min: 1, max: 64, geometry: true, quality: { floor: 3, order: 2 } }),
  detail: p.int(3, { min: 1, max: 5, geometry: true, label: 'detail', quality: { floor: 2, order: 1 } }),
  spread: p.float(30, { min: 5, max: 120, step: 0.5, geometry: true }),
  altitude: p.float(3.5, { min: -5, max: 30, step: 0.1, geometry: true }),
  size: p.float(2.2, { min: 0.2, max: 8, step: 0.01, geometry: true }),
  depthRatio: p.float(1.6, { min: 0.3, max: 4, step: 0.01, label: 'rock depth' }),
  roughness: p.float(1, { min: 0, max: 3, step: 0.01 }),
  drift: p.float(1, { min: 0, max: 5, step: 0.01 }),
  bob: p.float(0.4, { min: 0, max: 3, step: 0.01 }),
  topColor: p.color('#4fb08f', { label: 'moss' }),
  rockColor: p.color('#3a2c5a', { label: 'rock' }),
  skyColor: p.color('#9c7cff', { label: 'rim colour' }),
  glowColor: p.color('#7ff7ff', { label: 'crystal glow' }),
  glow: p.float(1, { min: 0, max: 5, step: 0.01 }),
  roots: p.float(1, { min: 0, max: 4, step: 0.01, hint: 'length of the glowing roots and light-falls' }),
  rimLight: p.float(1.2, { min: 0, max: 3, step: 0.01, label: 'rim light' }),
  lightAzimuth: p.float(-72, { min: -180, max: 180, wrap: true, step: 0.5, label: 'moon direction' }),
  fogColor: p.color('#241a45', { label: 'fog colour' }),
  fogDensity: p.float(0.012, { min: 0, max: 0.1, step: 0.0005, label: 'fog density' }),
}

export const islands = defineLayer({
  type: 'islands',
  label: 'Floating islands',
  kind: 'object',
  cost: (v) => 0.4 + v.count * (0.06 + 0.025 * v.detail),
  description: 'Islands of eroded rock under soft grassy tops adrift in the sky, hung with roots of light above a glowing crystal.',
  fragment,
  vertex,
  object: IslandsObject,
  params: islandsParams,
})
