import { p } from '../../core/params'
import { defineSource, follow } from '../defineSource'
import { MIDI_CHANNELS, MIDI_NUMBERS } from '../inputs'

export const midi = defineSource({
  type: 'midi',
  label: 'MIDI',
  description: 'A knob, fader or key of a MIDI controller: a CC value or a note velocity.',
  input: 'midi',
  params: {
    message: p.select('cc', ['cc', 'note'], { hint: 'cc: a knob or fader; note: a key or pad (velocity, 0 when released)' }),
    channel: p.int(0, { min: 0, max: 16, hint: '0 listens on every channel' }),
    number: p.int(1, { min: 0, max: 127, hint: 'CC or note number' }),
    smoothing: p.float(0.05, { min: 0, max: 2, step: 0.01, label: 'smoothing (s)' }),
  },
  create({ message, channel, number, smoothing }) {
    return ({ inputs, dt }, out, i) => {
      const state = inputs.midi
      let target = 0
      if (state.active) {
        const table = message === 'cc' ? state.cc : state.notes
        if (channel > 0) target = table[(channel - 1) * MIDI_NUMBERS + number] ?? 0
        // any channel: the strongest
        else for (let c = 0; c < MIDI_CHANNELS; c++) target = Math.max(target, table[c * MIDI_NUMBERS + number] ?? 0)
      }
      follow(out, i, target, dt, smoothing, smoothing)
    }
  },
})
