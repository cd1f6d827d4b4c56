import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/stars.frag'

export const stars = defineLayer({
  type: 'stars',
  label: 'Stars',
  kind: 'backdrop',
  // the milky band (renderSoftPart) is soft: shaded at half resolution, the stars themselves at full
  softPart: 0.5,
  // three grid hashes, one shaded star cell and the band's dust octaves (see stars.frag), measured
  cost: () => 5,
  description: 'A twinkling starfield with a milky band, fading at dawn.',
  fragment,
  blend: 'add',
  params: {
    density: p.float(0.35, { min: 0, max: 1, step: 0.01 }),
    size: p.float(0.85, { min: 0.3, max: 4, step: 0.01 }),
    brightness: p.float(1.3, { min: 0, max: 6, step: 0.01 }),
    twinkle: p.float(0.5, { min: 0, max: 1, step: 0.01 }),
    warm: p.color('#ffd9b0', { label: 'warm stars' }),
    cool: p.color('#b8d4ff', { label: 'cool stars' }),
    milkyWay: p.float(0.6, { min: 0, max: 2, step: 0.01, label: 'milky band' }),
    followNight: p.bool(true, { label: 'fade at dawn' }),
  },
})
