import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { planMorph } from '../../src/core/morph'
import { createJourney, journeyAt } from '../../src/core/journey'
import { registry } from '../../src/layers'
import { meanDifference, mountDream, pixelStats, toDataUrl } from './harness'

const W = 240
const H = 135

function still(doc: DreamDocument): DreamDocument {
  return { ...doc, scene: { ...doc.scene, cameraMotion: 'still' } }
}

/** Two clearly different dreams: a warm nebula over terrain, and a cold starfield with a different sky. */
function dreams() {
  const a = still(createDocument(registry, ['sky', 'nebula', 'terrain'], 3))
  const b = still(createDocument(registry, ['sky', 'stars', 'nebula'], 3))
  const set = (doc: DreamDocument, type: string, params: Record<string, unknown>) =>
    (doc.layers.find((l) => l.type === type)!.params = { ...doc.layers.find((l) => l.type === type)!.params, ...(params as object) })
  set(a, 'sky', { zenith: '#2a0830', horizon: '#ff7a40', glowStrength: 1.5 })
  set(a, 'nebula', { colorA: '#4a0b1f', colorB: '#ff9060', colorC: '#ffe0a0', scale: 1.2 })
  set(b, 'sky', { zenith: '#010a24', horizon: '#103a6a', glowStrength: 0.2 })
  set(b, 'nebula', { colorA: '#06203a', colorB: '#30a0ff', colorC: '#c0f0ff', scale: 3 })
  return { a, b }
}

test('a morph midpoint renders: not blank, unlike either end; the ends render like the inputs', async () => {
  const { a, b } = dreams()
  const plan = planMorph(a, b, registry)
  const h = await mountDream(a, { width: W, height: H })
  const time = 2
  const renderDoc = (doc: DreamDocument) => {
    h.store.setState({ document: doc })
    return h.renderAt(time)
  }
  try {
    const start = renderDoc(a)
    const nearStart = await (async () => {
      h.store.setState({ document: plan.at(0.001) }) // the union of both stacks mounts here
      await h.settle()
      return h.renderAt(time)
    })()
    const middle = renderDoc(plan.at(0.5))
    const nearEnd = renderDoc(plan.at(0.999))
    h.store.setState({ document: b })
    await h.settle()
    const end = h.renderAt(time)

    const stats = pixelStats(middle)
    const fromStart = meanDifference(middle, start)
    const fromEnd = meanDifference(middle, end)
    const startGap = meanDifference(nearStart, start)
    const endGap = meanDifference(nearEnd, end)
    console.log(JSON.stringify({ stats, fromStart, fromEnd, ends: meanDifference(start, end), startGap, endGap }))
    await commands.writeFile('./__shots__/morph-start.txt', toDataUrl(start, W, H))
    await commands.writeFile('./__shots__/morph-middle.txt', toDataUrl(middle, W, H))
    await commands.writeFile('./__shots__/morph-end.txt', toDataUrl(end, W, H))

    expect(stats.mean).toBeGreaterThan(5)
    expect(stats.colours).toBeGreaterThan(20)
    expect(meanDifference(start, end)).toBeGreaterThan(4)
    expect(fromStart).toBeGreaterThan(2)
    expect(fromEnd).toBeGreaterThan(2)
    // the ends of a morph look like its inputs (an invisible terrain hides nothing, a faded layer adds nothing)
    expect(startGap).toBeLessThan(1)
    expect(endGap).toBeLessThan(1)
  } finally {
    await h.unmount()
  }
})

test('a journey plays through a morph without relinking programs (uniforms only)', async () => {
  const { a, b } = dreams()
  const journey = createJourney([a, b], { hold: 1, morph: 4 })
  const h = await mountDream(journeyAt(journey, 1.01, registry), { width: 120, height: 68 })
  try {
    h.renderAt(0)
    const programs = h.programCount()
    const frames: Uint8Array[] = []
    for (const t of [1.5, 2, 2.5, 3.5, 4.5]) {
      const doc = journeyAt(journey, t, registry)
      if (doc.seed !== h.store.getState().document.seed) continue
      h.store.setState({ document: doc })
      frames.push(h.renderAt(2))
    }
    expect(h.programCount()).toBe(programs)
    for (let i = 1; i < frames.length; i++) expect(meanDifference(frames[i]!, frames[i - 1]!)).toBeGreaterThan(0.05)
  } finally {
    await h.unmount()
  }
})
