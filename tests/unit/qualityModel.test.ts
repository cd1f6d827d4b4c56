/**
 * Issue 10 item 5, adaptive quality: it starts from the level the cost model predicts, and moves in proportion
 * to how far the frame rate is from its target (not one or two steps per decision).
 */
import { describe, expect, it } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { levelCosts, planQuality, predictedLevel, QualityGovernor } from '../../src/scene/quality'

/** The attack, within the layer limit: many clouds layers at maximum quality. */
function heavy(count = 8): DreamDocument {
  const doc = createDocument(registry, Array.from({ length: count }, () => 'clouds'), 5)
  return { ...doc, layers: doc.layers.map((layer) => ({ ...layer, params: { ...layer.params, steps: 48, octaves: 5 } })) }
}

describe('levelCosts: the cost model per quality level', () => {
  it('starts at the document cost times the pixel ratio squared and falls with every step', () => {
    const doc = heavy(4)
    const steps = planQuality(doc, registry, { maxDpr: 2, minDpr: 0.5 })
    const costs = levelCosts(doc, registry, steps, 2)
    expect(costs).toHaveLength(steps.length + 1)
    for (let level = 1; level < costs.length; level++) expect(costs[level]!).toBeLessThanOrEqual(costs[level - 1]! + 1e-9)
    expect(costs.at(-1)!).toBeLessThan(costs[0]! / 20)
  })
})

describe('the starting level', () => {
  it('is predicted from the model: a heavy document on a big screen starts lowered, a light one at full quality', () => {
    const fullHd = 1920 * 1080
    const light = createDocument(registry, ['sky', 'stars'], 1)
    const lightSteps = planQuality(light, registry, { maxDpr: 1, minDpr: 0.5 })
    expect(predictedLevel(levelCosts(light, registry, lightSteps, 1), fullHd, 30)).toBe(0)

    const doc = heavy(8)
    const steps = planQuality(doc, registry, { maxDpr: 2, minDpr: 0.5 })
    const costs = levelCosts(doc, registry, steps, 2)
    const start = predictedLevel(costs, fullHd, 30)
    expect(start).toBeGreaterThan(0)
    // the first level that fits the assumed device, not any level before it
    const affordable = 1e10 / (fullHd * 30)
    expect(costs[start]!).toBeLessThanOrEqual(affordable)
    expect(costs[start - 1]!).toBeGreaterThan(affordable)
    // a faster device starts higher
    expect(predictedLevel(costs, fullHd, 30, 1e12)).toBeLessThan(start)
  })
})

describe('proportional moves', () => {
  const doc = heavy(8)
  const steps = planQuality(doc, registry, { maxDpr: 1, minDpr: 0.5 })
  const costs = levelCosts(doc, registry, steps, 1)
  /** A machine whose frame time is proportional to the predicted work. */
  const frameSeconds = (level: number, secondsPerUnit: number) => costs[level]! * secondsPerUnit

  it('a frame rate far below the target reaches it in one or two decisions, not dozens', () => {
    // full quality runs at 1/20 of the target
    const target = 30
    const secondsPerUnit = 20 / target / costs[0]!
    const governor = new QualityGovernor(steps.length, { targetFps: target, costs })
    let decisions = 0
    for (let i = 0; i < 400 && 1 / frameSeconds(governor.level, secondsPerUnit) < target * 0.95; i++)
      if (governor.frame(frameSeconds(governor.level, secondsPerUnit))) decisions++
    expect(1 / frameSeconds(governor.level, secondsPerUnit)).toBeGreaterThanOrEqual(target * 0.95)
    expect(decisions).toBeLessThanOrEqual(2)
    // and it went no lower than needed: the level before does not reach the target
    expect(1 / frameSeconds(governor.level - 1, secondsPerUnit)).toBeLessThan(target)
  })

  it('a slightly slow frame rate moves a little', () => {
    const target = 30
    const secondsPerUnit = 1.08 / target / costs[0]! // 8% slow at full quality
    const governor = new QualityGovernor(steps.length, { targetFps: target, costs })
    for (let i = 0; i < 30; i++) governor.frame(frameSeconds(governor.level, secondsPerUnit))
    // the first level predicted to fit: the smallest move there is
    const fits = costs.findIndex((cost) => cost <= costs[0]! / 1.08)
    expect(governor.level).toBe(fits)
    expect(fits).toBeLessThanOrEqual(2)
  })

  it('much faster than the target: raises quality in one move to a level that still holds the target', () => {
    const target = 30
    const secondsPerUnit = 1 / (target * 4) / costs[0]! // full quality would run at 4x the target
    const governor = new QualityGovernor(steps.length, { targetFps: target, costs })
    governor.level = steps.length
    let decisions = 0
    // three seconds of frames, however short they are
    for (let elapsed = 0; elapsed < 3; elapsed += frameSeconds(governor.level, secondsPerUnit))
      if (governor.frame(frameSeconds(governor.level, secondsPerUnit))) decisions++
    expect(governor.level).toBe(0)
    expect(decisions).toBe(1)
  })
})
