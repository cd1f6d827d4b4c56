import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import fragment from '../../../shaders/layers/moon.frag'

export const moon = defineLayer({
  type: 'moon',
  label: 'Moon',
  kind: 'backdrop',
  // the glow over the sky and one tap of the inset (the disc's surface, drawn at the disc's own size)
  cost: () => 1.5,
  // the surface's seven noise octaves lie inside the disc: drawn at its size on screen (src/scene/insetPass.ts)
  inset: (v) => (v.size * Math.PI) / 180,
  description: 'A pale cratered moon, or a swirling dream portal, wrapped in glow and a faint halo ring.',
  fragment,
  params: {
    style: p.select('moon', ['moon', 'portal']),
    azimuth: p.float(-72, { min: -180, max: 180, wrap: true, step: 0.5, hint: 'degrees; -90 is straight ahead' }),
    elevation: p.float(16, { min: -5, max: 90, step: 0.1, hint: 'degrees above the horizon' }),
    size: p.float(3.2, { min: 0.3, max: 15, step: 0.01, hint: 'angular radius in degrees' }),
    phase: p.float(0.25, { min: -1, max: 1, step: 0.001, hint: '0 full, ±1 new' }),
    maria: p.float(0.8, { min: 0, max: 1, step: 0.01, label: 'seas' }),
    earthshine: p.float(1, { min: 0, max: 4, step: 0.01 }),
    moonColor: p.color('#fff1dc', { label: 'moon colour' }),
    haloColor: p.color('#9fb4ff', { label: 'halo colour' }),
    brightness: p.float(0.5, { min: 0, max: 6, step: 0.01 }),
    glow: p.float(1, { min: 0, max: 4, step: 0.01 }),
    ring: p.float(0.6, { min: 0, max: 3, step: 0.01, label: 'halo ring' }),
    followNight: p.bool(true, { label: 'pale at dawn' }),
  },
})
