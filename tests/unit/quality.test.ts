import { describe, expect, it } from 'vitest'
import { createDocument } from '../../src/core/document'
import { setLayerParams } from '../../src/core/documentOps'
import { registry } from '../../src/layers'
import { effectiveParams, planQuality, qualityAt, QualityGovernor } from '../../src/scene/quality'

describe('planQuality', () => {
  const doc = createDocument(registry, ['sky', 'nebula', 'fireflies'])
  const [, nebula, fireflies] = doc.layers

  it('lowers soft layers first, then the pixel ratio, then knobs in declared order down to their floor', () => {
    const steps = planQuality(doc, registry, { maxDpr: 2, minDpr: 0.5 })
    const firstDpr = steps.findIndex((s) => s.kind === 'dpr')
    expect(firstDpr).toBeGreaterThan(0)
    expect(steps.slice(0, firstDpr).every((s) => s.kind === 'soft')).toBe(true)
    const firstParam = steps.findIndex((s) => s.kind === 'param')
    expect(firstParam).toBeGreaterThan(firstDpr)
    expect(steps.slice(firstDpr, firstParam).every((s) => s.kind === 'dpr')).toBe(true)
    expect(steps.slice(firstParam).every((s) => s.kind === 'param')).toBe(true)
    const dprs = steps.filter((s) => s.kind === 'dpr').map((s) => s.dpr)
    expect(dprs.at(-1)).toBe(0.5)
    for (let i = 1; i < dprs.length; i++) expect(dprs[i]!).toBeLessThan(dprs[i - 1]!)
    // fireflies.count has order 1, nebula.octaves order 2: count goes first
    const params = steps.filter((s) => s.kind === 'param')
    expect(params[0]).toMatchObject({ layerId: fireflies!.id, key: 'count' })
    expect(params.at(-1)).toMatchObject({ layerId: nebula!.id, key: 'octaves', value: 2 })
    const octaves = params.filter((s) => s.key === 'octaves').map((s) => s.value)
    expect(octaves).toEqual([...octaves].sort((a, b) => b - a))
    expect(octaves.every(Number.isInteger)).toBe(true)
  })

  it('skips knobs already at their floor and disabled layers', () => {
    const low = setLayerParams(doc, nebula!.id, { octaves: 2 })
    expect(planQuality(low, registry, { maxDpr: 1, minDpr: 1 }).some((s) => s.kind === 'param' && s.key === 'octaves')).toBe(false)
    const off = { ...doc, layers: doc.layers.map((l) => ({ ...l, enabled: false })) }
    expect(planQuality(off, registry, { maxDpr: 1, minDpr: 1 })).toEqual([])
    // no soft layer, nothing to lower before the pixel ratio
    const sharp = createDocument(registry, ['stars', 'moon'])
    expect(planQuality(sharp, registry, { maxDpr: 1, minDpr: 1 }).some((s) => s.kind === 'soft')).toBe(false)
  })

  it('qualityAt applies the first N steps', () => {
    const steps = planQuality(doc, registry, { maxDpr: 1, minDpr: 0.5 })
    expect(qualityAt(steps, 0, 1)).toMatchObject({ level: 0, dpr: 1 })
    expect(qualityAt(steps, 0, 1).overrides.size).toBe(0)
    const all = qualityAt(steps, 999, 1)
    expect(all.level).toBe(steps.length)
    expect(all.dpr).toBe(0.5)
    expect(all.softScale).toBe(0.5)
    expect(all.overrides.get(nebula!.id)).toEqual({ octaves: 2 })
    expect(all.overrides.get(fireflies!.id)).toEqual({ count: 100 })
  })
})

describe('QualityGovernor', () => {
  const run = (governor: QualityGovernor, fps: number, seconds: number) => {
    for (let t = 0; t < seconds; t += 1 / fps) governor.frame(1 / fps)
  }

  it('lowers quality while frames are slow and stops at the max level', () => {
    const governor = new QualityGovernor(5, { targetFps: 30 })
    run(governor, 25, 3)
    expect(governor.level).toBeGreaterThan(0)
    run(governor, 5, 60)
    expect(governor.level).toBe(5)
  })

  it('holds the level when on target, raises it with headroom, and backs off instead of oscillating', () => {
    const governor = new QualityGovernor(6, { targetFps: 30 })
    run(governor, 10, 10)
    const lowered = governor.level
    expect(lowered).toBeGreaterThan(0)
    run(governor, 31, 10)
    expect(governor.level).toBe(lowered)
    // ten minutes of alternating fast and slow phases: every raise that is taken back at once doubles the wait
    // before the next try (5, 10, 20, ... 160 s), so the tries thin out instead of following every phase
    // a try is a run of raises after a lowering
    const tries: number[] = []
    let lastMove = 0
    let seconds = 0
    for (let i = 0; i < 100; i++) {
      for (const [fps, length] of [[60, 3], [20, 3]] as const) {
        for (let t = 0; t < length; t += 1 / fps) {
          const before = governor.level
          if (governor.frame(1 / fps)) {
            const move = Math.sign(governor.level - before)
            if (move < 0 && lastMove > 0) tries.push(seconds)
            lastMove = move
          }
          seconds += 1 / fps
        }
      }
    }
    // 100 fast phases, and about seven tries: gaps of ~20, 20, 50, 80, then the 160 s cap
    expect(tries.length).toBeGreaterThan(2)
    expect(tries.length).toBeLessThanOrEqual(8)
    const last = tries.slice(-3)
    expect(last[2]! - last[1]!).toBeGreaterThanOrEqual(150)
    expect(last[1]! - last[0]!).toBeGreaterThanOrEqual(150)
  })

  it('climbs back to full quality once the device is fast again, however often it was lowered', () => {
    const governor = new QualityGovernor(6, { targetFps: 30 })
    for (let i = 0; i < 20; i++) {
      run(governor, 60, 3)
      run(governor, 20, 3)
    }
    expect(governor.level).toBeGreaterThan(0)
    // frames at twice the target for a few minutes (a background job ended): the bar lapses and it raises
    run(governor, 60, 200)
    expect(governor.level).toBe(0)
    // a level that then holds for long restarts the count: the next slow spell bars it for the base 5 s only
    run(governor, 20, 2)
    expect(governor.level).toBeGreaterThan(0)
    run(governor, 60, 8)
    expect(governor.level).toBe(0)
  })

  it('ignores isolated stalls and the gap of a hidden tab', () => {
    const governor = new QualityGovernor(3, { targetFps: 30 })
    for (let i = 0; i < 20; i++) {
      run(governor, 60, 1)
      governor.frame(5) // a debugger pause or a shader compile between quick frames
    }
    expect(governor.level).toBe(0)
    governor.frame(3600) // the tab came back after an hour
    run(governor, 60, 2)
    expect(governor.level).toBe(0)
  })

  it('acts on a machine where every frame takes seconds (a software renderer)', () => {
    const governor = new QualityGovernor(8, { targetFps: 2 })
    for (let i = 0; i < 3; i++) governor.frame(5)
    expect(governor.level).toBe(2) // 0.2 fps is far below 2 fps: two steps at once
    // each level is 30% faster: it keeps lowering until the frames reach the target, then holds
    const frameAt = (level: number) => 5 * 0.7 ** level
    for (let i = 0; i < 60; i++) governor.frame(frameAt(governor.level))
    expect(1 / frameAt(governor.level)).toBeGreaterThanOrEqual(2 * 0.95)
    expect(governor.level).toBeLessThan(8)
    const held = governor.level
    for (let i = 0; i < 60; i++) governor.frame(frameAt(governor.level))
    expect(governor.level).toBe(held)
  })

  it('discards the frame after an interruption', () => {
    const governor = new QualityGovernor(3, { targetFps: 30 })
    run(governor, 60, 2)
    governor.interrupt()
    governor.frame(0.9) // the first frame after the page is shown again
    run(governor, 60, 2)
    expect(governor.level).toBe(0)
  })
})

describe('effectiveParams', () => {
  it('returns the same object while inputs are unchanged', () => {
    const params = { octaves: 5, scale: 1 }
    const overrides = { octaves: 3 }
    expect(effectiveParams(params, undefined)).toBe(params)
    const a = effectiveParams(params, overrides)
    expect(a).toEqual({ octaves: 3, scale: 1 })
    expect(effectiveParams(params, overrides)).toBe(a)
    expect(effectiveParams(params, { octaves: 2 })).not.toBe(a)
  })
})
