/**
 * Every glitch layer compiles, changes the picture and composes with the others in one chain; the SleepSync crash
 * preset walks through its five phases. Frames are written to __shots__/ for looking at.
 */
import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { meanDifference, mountDream, pixelStats, toDataUrl } from './harness'

const W = 320
const H = 180
// a cheap, detailed dream under single glitch layers (stars and terrain cost 30-90 ms a frame on SwiftShader)
const cheapDream = ['sky', 'nebula']
const glitchTypes = registry.all.filter((layerType) => layerType.glitch).map((layerType) => layerType.type)
const dreamTypes = ['sky', 'nebula', 'stars', 'terrain']

function dreamWith(glitches: readonly string[], params: Record<string, Record<string, unknown>> = {}, base = cheapDream): DreamDocument {
  const doc = createDocument(registry, [...base, ...glitches], 20260)
  for (const layer of doc.layers) Object.assign(layer.params, params[layer.type] ?? {})
  return doc
}

test('six glitch layer types are registered, each an effect with an intensity', () => {
  expect(glitchTypes.length).toBeGreaterThanOrEqual(6)
  for (const type of glitchTypes) {
    const layerType = registry.get(type)!
    expect(layerType.kind).toBe('effect')
    expect(layerType.params).toHaveProperty('intensity')
  }
})

test('each glitch layer changes the picture', { timeout: 300_000 }, async () => {
  const plainMount = await mountDream(dreamWith([]), { width: W, height: H })
  const plain = plainMount.renderAt(5.3)
  await plainMount.unmount()
  const starryMount = await mountDream(dreamWith([], {}, [...cheapDream, 'stars']), { width: W, height: H })
  const starry = starryMount.renderAt(5.3)
  await starryMount.unmount()
  for (const type of glitchTypes) {
    // the datamosh shows where the picture has detail to drag: give it stars, and full strength
    const base = type === 'glitch-smear' ? [...cheapDream, 'stars'] : cheapDream
    const params = { 'glitch-signal-loss': { period: 10, hold: 0.6 }, 'glitch-smear': { intensity: 1 } }
    const h = await mountDream(dreamWith([type], params, base), { width: W, height: H })
    // warm the history of feedback effects, then render the same time twice
    for (let i = 0; i < 20; i++) h.renderAt(5.3 - (20 - i) / 60)
    const a = h.renderAt(5.3)
    const difference = meanDifference(a, type === 'glitch-smear' ? starry : plain)
    console.log(type, 'difference from the plain dream', difference.toFixed(2), pixelStats(a))
    await commands.writeFile(`./__shots__/glitch-${type}.txt`, toDataUrl(a, W, H))
    expect(difference, type).toBeGreaterThan(0.5)
    expect(pixelStats(a).mean, type).toBeGreaterThan(1)
    await h.unmount()
  }
})

test('all glitch layers compose in one chain', { timeout: 300_000 }, async () => {
  const h = await mountDream(dreamWith(glitchTypes, {}, dreamTypes), { width: W, height: H })
  let px = h.renderAt(0)
  for (let i = 1; i <= 40; i++) px = h.renderAt(2 + i / 60)
  await commands.writeFile('./__shots__/glitch-all.txt', toDataUrl(px, W, H))
  expect(pixelStats(px).colours).toBeGreaterThan(20)
  await h.unmount()
})

test('the SleepSync crash preset: calm, surge, crash, static, restore', { timeout: 300_000 }, async () => {
  const { loadPreset } = await import('../../src/preset')
  const { crashSchedule, crashState } = await import('../../src/core/crash')
  const json = (await import('../../presets/sleepsync-crash.json')).default
  const loaded = loadPreset(json, { registry, strict: true })
  if (!loaded.ok) throw loaded.error
  const doc = loaded.document
  const schedule = crashSchedule(doc.seed, doc.scene.crashPeriod, 0)
  const h = await mountDream(doc, { width: W, height: H })
  const shots: Record<string, Uint8Array> = {}
  const starts = [...schedule.starts, doc.scene.crashPeriod]
  for (let phase = 0; phase < 5; phase++) {
    const at = ((starts[phase] ?? 0) + (starts[phase + 1] ?? 0)) / 2
    // lead in so the smear's history is the one a viewer would see
    for (let i = 12; i > 0; i--) h.renderAt(at - i / 60)
    const px = h.renderAt(at)
    const name = crashState(doc.scene, doc.seed, at).phase
    shots[name] = px
    await commands.writeFile(`./__shots__/sleepsync-${phase}-${name}.txt`, toDataUrl(px, W, H))
  }
  expect(Object.keys(shots)).toEqual(['calm', 'surge', 'crash', 'static', 'restore'])
  expect(meanDifference(shots.static!, shots.calm!)).toBeGreaterThan(meanDifference(shots.surge!, shots.calm!))
  await h.unmount()
})
