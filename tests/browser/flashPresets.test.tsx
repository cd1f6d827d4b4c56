/**
 * Every built-in preset that glitches or crashes, 6 s at a fixed 60 fps clock, every frame analysed: no FAIL and
 * no EXTENDED FAIL with the flash limiter on. A file of its own: presets draw costly layers (terrain, clouds), so
 * this one takes longer than the per-layer safety test.
 */
import { expect, test } from 'vitest'
import { registry } from '../../src/layers'
import { loadPresetOrThrow } from '../../src/preset'
import { FlashAnalyser } from '../../src/safety/flashAnalyser'
import { mountDream } from './harness'

const W = 64
const H = 36
const FPS = 60

const presetFiles = import.meta.glob('../../presets/*.json', { eager: true, import: 'default' }) as Record<string, unknown>
const glitchPresets = Object.entries(presetFiles)
  .filter(([path]) => !path.endsWith('.schema.json'))
  .map(([path, json]) => ({ name: path.split('/').pop()!, doc: loadPresetOrThrow(json, { registry }) }))
  .filter(({ doc }) => doc.scene.crashMode !== 'off' || doc.layers.some((layer) => registry.get(layer.type)?.glitch))

test('the SleepSync crash preset is among the glitch presets', () => {
  expect(glitchPresets.map((preset) => preset.name)).toContain('sleepsync-crash.json')
})

for (const { name, doc } of glitchPresets) {
  test(`preset ${name} stays below FAIL and EXTENDED FAIL with the limiter on`, { timeout: 300_000 }, async () => {
    const h = await mountDream({ ...doc, scene: { ...doc.scene, allowIntenseFlashing: false } }, { width: W, height: H })
    // the crash schedule's most violent stretch: from the surge through the static into the restore
    const analyser = new FlashAnalyser(W, H, FPS)
    const start = doc.scene.crashMode === 'off' ? 0 : Math.max(0, doc.scene.crashPeriod * 0.45)
    for (let i = 0; i < 6 * FPS; i++) analyser.push(h.renderAt(start + i / FPS))
    const report = analyser.report()
    console.log(name, report.verdict, `${report.maxTransitionsPerSecond}/s (lum ${report.luminance.maxTransitionsPerSecond}, red ${report.red.maxTransitionsPerSecond})`)
    expect(report.verdict).toBe('pass')
    await h.unmount()
  })
}
