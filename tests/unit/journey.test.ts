import { describe, expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { alignLayerIds, createJourney, journeyAt, journeyDuration, journeyPosition, type Journey } from '../../src/core/journey'
import { structureSelector } from '../../src/scene/structure'
import { registry } from '../../src/layers'

const stop = (types: string[], seed: number, fov: number): DreamDocument => {
  const doc = createDocument(registry, types, seed)
  return { ...doc, scene: { ...doc.scene, fov } }
}
const three = () => [stop(['sky', 'nebula'], 1, 40), stop(['sky', 'stars'], 2, 60), stop(['sky', 'nebula', 'grain'], 3, 80)]

describe('journey timeline', () => {
  test('duration counts the closing morph only when looping', () => {
    const docs = three()
    expect(journeyDuration(createJourney(docs, { hold: 5, morph: 2, loop: true }))).toBe(21)
    expect(journeyDuration(createJourney(docs, { hold: 5, morph: 2, loop: false }))).toBe(19)
  })

  test('positions walk hold, morph, hold, ... and wrap when looping', () => {
    const journey = createJourney(three(), { hold: 5, morph: 2, loop: true })
    expect(journeyPosition(journey, 0)).toMatchObject({ stop: 0, phase: 'hold' })
    expect(journeyPosition(journey, 4.99)).toMatchObject({ stop: 0, phase: 'hold' })
    expect(journeyPosition(journey, 6)).toMatchObject({ stop: 0, next: 1, phase: 'morph', t: 0.5 })
    expect(journeyPosition(journey, 7)).toMatchObject({ stop: 1, phase: 'hold' })
    expect(journeyPosition(journey, 20)).toMatchObject({ stop: 2, next: 0, phase: 'morph', t: 0.5 })
    expect(journeyPosition(journey, 21 + 6)).toMatchObject({ stop: 0, next: 1, phase: 'morph', t: 0.5 })
  })

  test('a journey that does not loop rests on its last stop', () => {
    const journey = createJourney(three(), { hold: 5, morph: 2, loop: false })
    expect(journeyPosition(journey, 1000)).toMatchObject({ stop: 2, next: 2, phase: 'hold' })
    expect(journeyPosition(journey, -4)).toMatchObject({ stop: 0, phase: 'hold' })
    expect(journeyPosition(journey, Number.NaN)).toMatchObject({ stop: 0, phase: 'hold' })
  })

  test('zero-length holds and morphs do not divide by zero', () => {
    const journey = createJourney(three(), { hold: 0, morph: 0, loop: true })
    expect(journeyDuration(journey)).toBe(0)
    expect(journeyAt(journey, 3, registry)).toBeDefined()
  })
})

describe('journeyAt', () => {
  test('holds show each stop as it is; morphs pass between them', () => {
    const docs = three()
    const journey = createJourney(docs, { hold: 5, morph: 2 })
    const first = journeyAt(journey, 1, registry)
    expect(first.scene.fov).toBe(40)
    expect(journeyAt(journey, 8, registry).scene.fov).toBe(60)
    expect(journeyAt(journey, 6, registry).scene.fov).toBeCloseTo(50, 6)
    expect(journeyAt(journey, 15, registry).scene.fov).toBe(80)
    expect(journeyAt(journey, 19.5, registry).scene.fov).toBeCloseTo(70, 6) // the closing morph, 80 -> 40, a quarter in
  })

  test('a hold returns the same object every frame (nothing for the scene to update)', () => {
    const journey = createJourney(three(), { hold: 5, morph: 2 })
    expect(journeyAt(journey, 1, registry)).toBe(journeyAt(journey, 4, registry))
  })

  test('deterministic for the same journey and time', () => {
    const docs = three()
    const a = createJourney(docs, { hold: 3, morph: 4 })
    const b = createJourney(docs, { hold: 3, morph: 4 })
    for (const t of [0.5, 4.2, 6.9, 12.3]) expect(journeyAt(a, t, registry)).toEqual(journeyAt(b, t, registry))
  })

  test('paired layers keep their ids across stops, so crossing a stop does not remount the scene', () => {
    const journey = createJourney(three(), { hold: 5, morph: 2 })
    // structure right at the end of the first morph equals the structure of stop 2's hold, except the
    // faded-out nebula, which leaves the stack
    const endOfMorph = journeyAt(journey, 6.999, registry)
    const hold = journeyAt(journey, 7.5, registry)
    const skyId = (doc: DreamDocument) => doc.layers.find((l) => l.type === 'sky')!.id
    expect(skyId(hold)).toBe(skyId(endOfMorph))
    expect(skyId(hold)).toBe(skyId(journeyAt(journey, 1, registry)))
    // one morph keeps a fixed structure from start to end (no React render while it plays)
    const structureOf = structureSelector(registry)
    const structures = new Set([5.01, 5.5, 6, 6.5, 6.99].map((t) => structureOf({ document: journeyAt(journey, t, registry) })))
    expect(structures.size).toBeLessThanOrEqual(2) // the seed switches once, at the midpoint
  })

  test('alignLayerIds renames only paired layers and keeps ids unique', () => {
    const [a, b] = [stop(['sky', 'nebula', 'nebula'], 1, 50), stop(['nebula', 'sky'], 2, 50)]
    const [, alignedB] = alignLayerIds([a, b])
    expect(alignedB!.layers.map((l) => l.id)).toEqual([a.layers[1]!.id, a.layers[0]!.id])
    expect(alignedB!.layers.map((l) => l.type)).toEqual(['nebula', 'sky'])
    expect(b.layers[0]!.id).not.toBe(a.layers[1]!.id) // the input is untouched
  })

  test('cheap per frame: 10k frames across a morph', () => {
    const journey: Journey = createJourney(three(), { hold: 1, morph: 10 })
    const start = performance.now()
    for (let i = 0; i < 10_000; i++) journeyAt(journey, 1 + i / 1000, registry)
    const perFrame = (performance.now() - start) / 10_000
    console.log(`journeyAt: ${(perFrame * 1000).toFixed(1)} µs per frame`)
    expect(perFrame).toBeLessThan(0.5)
  })
})
