import { p } from '../../core/params'
import { defineSource } from '../defineSource'

export const dream = defineSource({
  type: 'dream',
  label: 'Dream',
  description: "The dream's own signals: how far the night has gone, or the SleepSync crash as it bursts.",
  params: {
    signal: p.select('night', ['night', 'crash'], { hint: 'night: 0 bedtime, 1 dawn; crash: the glitch envelope (0 when no crash is scheduled)' }),
  },
  create(values) {
    const crash = values.signal === 'crash'
    return ({ dream: signals }, out, i) => void (out[i] = crash ? signals.crash : signals.night)
  },
})
