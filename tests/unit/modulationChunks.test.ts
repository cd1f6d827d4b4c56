/**
 * Audio, MIDI and pointer adapters load only when a dreamscape uses them: each is its own lazily imported chunk,
 * and none is on the viewer's (or the studio's) initial path. Checked on a real production build.
 */
import { expect, test } from 'vitest'
import { analyzeBundle } from '../../scripts/bench-bundle.mjs'

const ADAPTERS = ['src/modulation/audio/live.ts', 'src/modulation/midi/index.ts', 'src/modulation/pointer/index.ts', 'src/modulation/audio/PlayWithSound.tsx']

test('the input adapters are lazy chunks, off the viewer and studio initial JS', { timeout: 300_000 }, async () => {
  const bundle = await analyzeBundle()
  for (const facade of ADAPTERS) {
    const chunk = bundle.chunks.find((c) => c.facade === facade)
    expect(chunk, `${facade} is a chunk of its own`).toBeDefined()
    expect(chunk!.isDynamicEntry).toBe(true)
    console.log(`${facade}: ${(chunk!.gzip / 1024).toFixed(1)} KiB gzip`)
  }
  for (const route of ['viewer', 'editor'] as const) {
    const modules = bundle.routes[route]!.modules
    expect(modules.some((id) => id.startsWith('src/viewer/') || id.startsWith('src/editor/'))).toBe(true)
    expect(modules.filter((id) => /^src\/modulation\/(audio|midi|pointer)\/|PlayWithSound/.test(id)), `${route} initial JS`).toEqual([])
  }
  console.log(`viewer initial JS: ${(bundle.routes.viewer!.gzip / 1024).toFixed(1)} KiB gzip`)
})
