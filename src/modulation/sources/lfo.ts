import { p } from '../../core/params'
import { defineSource } from '../defineSource'
import { LFO_SHAPES, lfoFrequency, lfoSeed, lfoValue } from '../lfo'

export const lfo = defineSource({
  type: 'lfo',
  label: 'LFO',
  description: 'A slow (or fast) wave on dream time: the same value at the same second in every still, journey and render.',
  params: {
    shape: p.select('sine', LFO_SHAPES, { hint: 'random eases to a new seeded value each cycle' }),
    rate: p.float(0.1, { min: 0, max: 30, step: 0.001, label: 'rate (Hz)', hint: 'cycles per dream second (sync: hz)' }),
    sync: p.select('hz', ['hz', 'beats'], { hint: 'hz: the rate; beats: one cycle every N beats at the BPM' }),
    bpm: p.float(120, { min: 20, max: 300, step: 0.1, label: 'BPM' }),
    beats: p.float(4, { min: 0.25, max: 64, step: 0.25, hint: 'beats per cycle (sync: beats)' }),
    phase: p.float(0, { min: 0, max: 1, step: 0.01, hint: 'where in its cycle the wave starts' }),
  },
  create(values, { seed, id }) {
    const frequency = lfoFrequency(values.sync, values.rate, values.bpm, values.beats)
    const stream = lfoSeed(seed, id)
    const { shape, phase } = values
    return (frame, out, i) => void (out[i] = lfoValue(shape, frame.time * frequency + phase, stream))
  },
})
