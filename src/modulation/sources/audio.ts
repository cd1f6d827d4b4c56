import { p } from '../../core/params'
import { defineSource, follow } from '../defineSource'

export const AUDIO_FEATURES = ['level', 'bass', 'mid', 'treble', 'onset'] as const

export const audio = defineSource({
  type: 'audio',
  label: 'Audio',
  description: 'Sound from the microphone, a dropped file or the played track: its level, a band, or its beats.',
  input: 'audio',
  params: {
    feature: p.select('level', AUDIO_FEATURES, { hint: 'onset: 1 on each beat' }),
    attack: p.float(0.02, { min: 0, max: 2, step: 0.005, label: 'attack (s)', hint: 'how fast it rises' }),
    release: p.float(0.3, { min: 0, max: 5, step: 0.01, label: 'release (s)', hint: 'how fast it falls back' }),
  },
  create({ feature, attack, release }) {
    return ({ inputs, dt }, out, i) => follow(out, i, inputs.audio.active ? inputs.audio[feature] : 0, dt, attack, release)
  },
})
