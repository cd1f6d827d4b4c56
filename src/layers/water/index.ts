import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/water.frag'
import vertex from '../../../shaders/layers/water.vert'
import { WATER_SIZE, WaterObject } from './WaterObject'

export const water = defineLayer({
  type: 'water',
  label: 'Water',
  kind: 'object',
  // opaque, depth-writing surface: backdrops skip the pixels it covers (see DreamScene's backdrop pass)
  occluder: true,
  // the sheet itself: flat at the water level (the waves are normals), WATER_SIZE across, centred on the origin
  floor: ({ level }) => ({ y: level, minX: -WATER_SIZE / 2, maxX: WATER_SIZE / 2, minZ: -WATER_SIZE / 2, maxZ: WATER_SIZE / 2 }),
  cost: () => 4,
  description: 'A mirror lake under the night sky: rippling reflections, a glittering moon path, reflected stars.',
  fragment,
  vertex,
  object: WaterObject,
  params: {
    level: p.float(0.8, { min: -2, max: 6, step: 0.01, label: 'water level' }),
    waveHeight: p.float(0.16, { min: 0, max: 2, step: 0.01, label: 'ripples' }),
    waveScale: p.float(0.6, { min: 0.1, max: 5, step: 0.01, label: 'wave size' }),
    calm: p.float(0.25, { min: 0, max: 1, step: 0.01, hint: 'how still the glassy patches are' }),
    speed: p.float(1, { min: 0, max: 4, step: 0.01 }),
    deepColor: p.color('#040614', { label: 'deep colour' }),
    zenithColor: p.color('#0b1030', { label: 'reflected zenith' }),
    horizonColor: p.color('#2b1d4f', { label: 'reflected horizon' }),
    glowColor: p.color('#ff7a59', { label: 'horizon glow' }),
    glowStrength: p.float(0.35, { min: 0, max: 3, step: 0.01, label: 'glow strength' }),
    glowAzimuth: p.float(-90, { min: -180, max: 180, wrap: true, step: 1, label: 'glow direction' }),
    dawnColor: p.color('#ffc98a', { label: 'dawn colour' }),
    moonColor: p.color('#fff1dc', { label: 'moon colour' }),
    moonAzimuth: p.float(-72, { min: -180, max: 180, wrap: true, step: 0.5, label: 'moon direction' }),
    moonElevation: p.float(16, { min: 0, max: 90, step: 0.1, label: 'moon height' }),
    moonGlitter: p.float(1, { min: 0, max: 4, step: 0.01, label: 'moon path' }),
    starReflections: p.float(1, { min: 0, max: 4, step: 0.01, label: 'reflected stars' }),
    reflectivity: p.float(1, { min: 0, max: 2, step: 0.01 }),
    fogDensity: p.float(0.006, { min: 0, max: 0.05, step: 0.0005, label: 'haze' }),
    followNight: p.bool(true, { label: 'follow the night' }),
  },
})
