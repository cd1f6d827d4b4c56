import { p } from '../../core/params'
import { defineSource, follow } from '../defineSource'

const POINTER_AXES = ['x', 'y', 'scroll', 'tiltX', 'tiltY'] as const

export const pointer = defineSource({
  type: 'pointer',
  label: 'Pointer',
  description: "The viewer's hand: pointer position, scroll, or the tilt of a phone.",
  input: 'pointer',
  params: {
    axis: p.select('x', POINTER_AXES, { hint: 'x and y: left to right, bottom to top; tilt on touch devices' }),
    smoothing: p.float(0.2, { min: 0, max: 2, step: 0.01, label: 'smoothing (s)' }),
  },
  create({ axis, smoothing }) {
    return ({ inputs, dt }, out, i) => {
      const state = inputs.pointer
      // the -1..1 axes map to 0..1 (centre 0.5); scroll is 0..1 already; no pointer rests at 0
      const raw = state[axis]
      const target = !state.active ? 0 : axis === 'scroll' ? raw : 0.5 + 0.5 * raw
      follow(out, i, target <= 0 ? 0 : target >= 1 ? 1 : target, dt, smoothing, smoothing)
    }
  },
})
