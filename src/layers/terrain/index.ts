import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/terrain.frag'
import vertex from '../../../shaders/layers/terrain.vert'
import { TERRAIN_FLOOR, TerrainObject } from './TerrainObject'

/** Declared apart so TerrainObject can type its values from them. */
export const terrainParams = {
  height: p.float(5, { min: 0, max: 20, step: 0.01 }),
  scale: p.float(1.4, { min: 0.3, max: 5, step: 0.01, geometry: true, label: 'feature size' }),
  detail: p.int(5, { min: 1, max: 7, geometry: true }),
  valley: p.float(1, { min: 0, max: 3, step: 0.01, geometry: true }),
  lowColor: p.color('#0d0a24', { label: 'low colour' }),
  highColor: p.color('#221f48', { label: 'high colour' }),
  glowColor: p.color('#c08cff', { label: 'glow colour' }),
  rimLight: p.float(0.25, { min: 0, max: 3, step: 0.01, label: 'rim light' }),
  contours: p.float(1.2, { min: 0, max: 6, step: 0.01 }),
  contourGlow: p.float(0.3, { min: 0, max: 3, step: 0.01, label: 'contour glow' }),
  fogColor: p.color('#1f1944', { label: 'fog colour' }),
  fogDensity: p.float(0.014, { min: 0, max: 0.1, step: 0.0005, label: 'fog density' }),
  hazeColor: p.color('#5a3f86', { label: 'horizon haze', hint: 'the far hills fade into this (match the sky at the horizon)' }),
  mist: p.float(0.5, { min: 0, max: 3, step: 0.01, hint: 'mist pooled in the valleys' }),
}

export const terrain = defineLayer({
  type: 'terrain',
  label: 'Terrain',
  kind: 'object',
  // opaque, depth-writing surface: backdrops skip the pixels it covers (see DreamScene's backdrop pass)
  occluder: true,
  // the heightfield never dips below its base (unit heights are >= 0), so the grid's rectangle there is covered
  floor: () => TERRAIN_FLOOR,
  // measured (issue 14): ~0.8 fbm5 at 640x360 after tiling, levels of detail and per-vertex noise; the triangle count, not the detail, sets it now
  cost: () => 4,
  description: 'Seeded dream hills around a valley, traced by thin glowing contours, misty in the valleys and hazy toward the horizon.',
  fragment,
  vertex,
  object: TerrainObject,
  params: terrainParams,
})
