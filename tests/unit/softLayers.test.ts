import { describe, expect, it } from 'vitest'
import { defineLayer } from '../../src/core/defineLayer'
import { registry } from '../../src/layers'
import { Vector3 } from 'three'
import { createDocument } from '../../src/core/document'
import { layerCost, OUTPUT_STAGE_COST } from '../../src/core/cost'
import { AMORTISE_PHASES, canAmortise, isLiveFrame, liveShadedFraction, MAX_AMORTISED_STEP, registerLiveFrames, RESOLVE_COST, updateTargetSize, type SoftFrameFacts } from '../../src/scene/amortisedSoftPass'
import { levelCosts, planQuality } from '../../src/scene/quality'
import { INSET_MAX_SIZE, INSET_MIN_SIZE, INSET_TEXELS_PER_PIXEL, insetSize } from '../../src/scene/insetPass'
import { fusedFragmentShader, layerAmortised, layerResolution, slotSource, softFragmentShader, softPartResolution, softPassGroups, softTargetSize } from '../../src/scene/backdropStack'

const fragment = 'vec4 renderLayer(vec3 dir, vec2 uv) { return vec4(1.0); }'

describe('declared layer resolution (issue 14)', () => {
  it('must be a fraction in (0, 1]', () => {
    for (const resolution of [0, -0.5, 1.5, Number.NaN])
      expect(() => defineLayer({ type: 'bad', label: 'Bad', kind: 'backdrop', description: '', params: {}, fragment, resolution })).toThrow(/resolution/)
    expect(defineLayer({ type: 'good', label: 'Good', kind: 'backdrop', description: '', params: {}, fragment, resolution: 0.5 }).resolution).toBe(0.5)
  })

  it('soft layers are the low-frequency backdrops; sharp ones stay at full resolution; reference mode is all full', () => {
    const resolution = (type: string, reference = false) => layerResolution(registry.get(type)!, reference)
    for (const soft of ['sky', 'nebula', 'clouds', 'aurora']) expect(resolution(soft)).toBeLessThan(1)
    for (const sharp of ['stars', 'moon', 'city']) expect(resolution(sharp)).toBe(1)
    for (const soft of ['sky', 'nebula', 'clouds', 'aurora']) expect(resolution(soft, true)).toBe(1)
  })

  it('a sampled slot is read from its texture in the fused pass, and evaluated in the soft pass only', () => {
    const types = ['sky', 'stars', 'nebula'].map((type) => registry.get(type)!)
    const fused = fusedFragmentShader(types, ['bilinear', 'inline', 'tent'])
    expect(fused).toContain('uniform sampler2D d0_soft;')
    expect(fused).toContain('texture2D(d0_soft, vUv)')
    expect(fused).toContain('softSample(d2_soft, vUv)')
    expect(fused).toContain('premultiply(d1_renderLayer(dir, vUv))')
    expect(fused).not.toContain('#define renderLayer d0_renderLayer')
    const soft = softFragmentShader(types, [{ slot: 0, part: false }, { slot: 2, part: false }])
    expect(soft).toContain('layout(location = 0) out highp vec4 softOut0; // slot 0')
    expect(soft).toContain('layout(location = 1) out highp vec4 softOut1; // slot 2')
    expect(soft).toContain('softOut1 = premultiply(d2_renderLayer(dir, vUv));')
    expect(soft).not.toContain('d1_renderLayer')
    // without sampled slots the fused pass is what it always was: no texture reads
    expect(fusedFragmentShader(types)).not.toContain('softSample')
    // an amortised slot at full resolution: its own texel, no filtering; no tent without a dithered slot
    const texel = fusedFragmentShader(types, ['bilinear', 'texel', 'inline'])
    expect(texel).toContain('softTexel(d1_soft, vUv)')
    expect(texel).toContain('texelFetch(')
    expect(texel).not.toContain('softSample')
  })

  it('a declared soft part renders in a soft pass and is added to its sharp part; in place in reference mode', () => {
    const types = ['sky', 'stars'].map((type) => registry.get(type)!)
    expect(softPartResolution(types[1]!, false)).toBe(0.5)
    expect(softPartResolution(types[1]!, true)).toBe(0)
    expect(softPartResolution(types[0]!, false)).toBe(0)
    const fused = fusedFragmentShader(types, ['bilinear', 'inline'], [false, true])
    expect(fused).toContain('uniform sampler2D d1_softPart;')
    expect(fused).toContain('composite(premultiply(d1_renderLayer(dir, vUv)) + texture2D(d1_softPart, vUv), d1_opacity')
    const reference = fusedFragmentShader(types, ['inline', 'inline'])
    expect(reference).toContain('composite(premultiply(d1_renderLayer(dir, vUv)) + d1_renderSoftPart(dir, vUv), d1_opacity')
    const soft = softFragmentShader(types, [{ slot: 0, part: false }, { slot: 1, part: true }])
    expect(soft).toContain('softOut1 = d1_renderSoftPart(dir, vUv);')
    expect(soft).not.toContain('d1_renderLayer(dir')
    const part = (softPart: number, more: object = {}) =>
      defineLayer({ type: 'parted', label: 'Parted', kind: 'backdrop', description: '', params: {}, fragment: `${fragment}\nvec4 renderSoftPart(vec3 dir, vec2 uv) { return vec4(0.0); }`, softPart, ...more })
    expect(part(0.5).softPart).toBe(0.5)
    expect(() => part(1)).toThrow(/softPart/)
    expect(() => part(0.5, { resolution: 0.5 })).toThrow(/full-resolution/)
    expect(() => defineLayer({ type: 'bare', label: 'Bare', kind: 'backdrop', description: '', params: {}, fragment, softPart: 0.5 })).toThrow(/renderSoftPart/)
  })

  it('the declaration decides how the fused pass reads a slot; the soft pass scales derivatives', () => {
    const source = (type: string, reference = false) => slotSource(registry.get(type)!, reference)
    expect(source('clouds')).toBe('tent') // dithered
    expect(source('nebula')).toBe('bilinear')
    expect(source('moon')).toBe('inline')
    for (const type of ['sky', 'nebula', 'clouds', 'stars', 'moon', 'city', 'aurora']) expect(source(type, true)).toBe('inline')
    const amortisedSharp = defineLayer({ type: 'sharp', label: 'Sharp', kind: 'backdrop', description: '', params: {}, fragment, amortised: true })
    expect(slotSource(amortisedSharp, false)).toBe('texel')
    expect(layerAmortised(amortisedSharp, false)).toBe(true)
    expect(layerAmortised(amortisedSharp, true)).toBe(false)
    expect(() => defineLayer({ type: 'bad', label: 'Bad', kind: 'backdrop', description: '', params: {}, fragment, amortised: 1 as unknown as boolean })).toThrow(/amortised/)
    const soft = softFragmentShader([amortisedSharp], [{ slot: 0, part: false }])
    expect(soft).toContain('uniform float uDerivativeScale;')
    expect(soft).toContain('#define fwidth dream_fwidth')
    expect(soft).toContain('vec3 dream_fwidth(vec3 v) { return uDerivativeScale * fwidth(v); }')
  })

  it('soft passes group by resolution; amortised layers share a pass at the smaller block', () => {
    const groups = (...types: string[]) =>
      softPassGroups(
        types.map((type) => registry.get(type)!),
        false,
      ).map(({ resolution, block, entries }) => ({ resolution, block, slots: entries.map((e) => `${types[e.slot]}${e.part ? '~part' : ''}`) }))
    // the slowest layers (a gradient, drifting clouds, the milky band) are shaded one texel of every 4 x 4
    expect(groups('sky', 'stars', 'clouds')).toEqual([{ resolution: 0.5, block: 4, slots: ['sky', 'stars~part', 'clouds'] }])
    // with the nebula (its warped filaments move visibly in 16 frames) the pass shades one texel of every 2 x 2
    expect(groups('sky', 'nebula', 'stars')).toEqual([{ resolution: 0.5, block: 2, slots: ['sky', 'nebula', 'stars~part'] }])
    // full-resolution amortised layers in a pass of their own; the aurora (2 x 2) sets the half-size pass's block
    expect(groups('sky', 'aurora', 'city')).toEqual([
      { resolution: 0.5, block: 2, slots: ['sky', 'aurora'] },
      { resolution: 1, block: 4, slots: ['city'] },
    ])
    const unamortised = defineLayer({ type: 'haze', label: 'Haze', kind: 'backdrop', description: '', params: {}, fragment, resolution: 0.5 })
    expect(softPassGroups([registry.get('sky')!, unamortised], false).map((g) => g.block)).toEqual([4, 1])
    expect(softPassGroups([registry.get('sky')!, registry.get('clouds')!], true)).toEqual([])
  })

  it('an inset is read from its texture in fused runs and evaluated in place in reference mode', () => {
    const moon = registry.get('moon')!
    expect(moon.inset!({ ...moon.defaults, size: 3 } as never)).toBeCloseTo((3 * Math.PI) / 180, 9)
    const fused = fusedFragmentShader([registry.get('sky')!, moon], ['bilinear', 'inline'], [], [false, true])
    expect(fused).toContain('uniform sampler2D dreamInsetTexture;')
    expect(fused).toContain('#define dreamInsetTexture d1_dreamInsetTexture')
    expect(fused).not.toContain('return renderInset(clamp(local')
    const reference = fusedFragmentShader([registry.get('sky')!, moon], ['inline', 'inline'])
    expect(reference).toContain('vec4 dreamInset(vec2 local) { return renderInset(clamp(local, -1.0, 1.0)); }')
    expect(reference).not.toContain('dreamInsetTexture;')
    const inset = (more: object) => defineLayer({ type: 'spot', label: 'Spot', kind: 'backdrop', description: '', params: {}, fragment: `${fragment}\nvec4 renderInset(vec2 local) { return vec4(1.0); }`, ...more })
    expect(inset({ inset: () => 0.1 }).inset!({})).toBe(0.1)
    expect(() => inset({ inset: () => 0 })).toThrow(/inset/)
    expect(() => defineLayer({ type: 'bare', label: 'Bare', kind: 'backdrop', description: '', params: {}, fragment, inset: () => 0.1 })).toThrow(/renderInset/)
  })

  it('softHistory is declared by amortised layers only, and a pass glides only when all its layers declare it', () => {
    expect(registry.get('city')!.softHistory).toBeUndefined()
    expect(() => defineLayer({ type: 'still', label: 'Still', kind: 'backdrop', description: '', params: {}, fragment, softHistory: true })).toThrow(/softHistory/)
    expect(defineLayer({ type: 'soft', label: 'Soft', kind: 'backdrop', description: '', params: {}, fragment, amortised: true, softHistory: true }).softHistory).toBe(true)
  })

  it('an inset texture holds 1.5 texels per pixel of the disc on screen, within bounds', () => {
    // a 3.2 degree moon under a 58 degree field of view, 720 pixels high: about 73 pixels across
    const tanHalfFov = Math.tan((29 * Math.PI) / 180)
    const side = insetSize((3.2 * Math.PI) / 180, 720, tanHalfFov)
    expect(side).toBeGreaterThanOrEqual(Math.floor(73 * INSET_TEXELS_PER_PIXEL))
    expect(side).toBeLessThanOrEqual(Math.ceil(74 * INSET_TEXELS_PER_PIXEL))
    expect(insetSize((3.2 * Math.PI) / 180, 360, tanHalfFov)).toBeCloseTo(side / 2, -1)
    expect(insetSize(1e-6, 720, tanHalfFov)).toBe(INSET_MIN_SIZE)
    expect(insetSize(1.5, 4320, tanHalfFov)).toBe(INSET_MAX_SIZE)
    expect(insetSize(Number.NaN, 720, tanHalfFov)).toBe(INSET_MIN_SIZE)
  })

  it('target sizes round up and never reach zero', () => {
    expect(softTargetSize(1280, 720, 0.5)).toEqual([640, 360])
    expect(softTargetSize(641, 361, 0.5)).toEqual([321, 181])
    expect(softTargetSize(1280, 720, 0.5, 0.5)).toEqual([320, 180])
    expect(softTargetSize(1, 1, 0.25)).toEqual([1, 1])
    expect(softTargetSize(100, 100, 0.5, 4)).toEqual([100, 100])
  })
})

describe('temporal amortisation of the soft passes (issue 14)', () => {
  const facts = (over: Partial<SoftFrameFacts> = {}): SoftFrameFacts => ({
    live: true,
    time: 6,
    width: 640,
    height: 360,
    document: doc,
    forward: new Vector3(0, 0, -1),
    ...over,
  })
  const doc = {}
  const previous = facts({ time: 6 - 1 / 60 })

  it('a live frame that follows the last one closely reuses its texels', () => {
    expect(canAmortise(previous, facts())).toBe(true)
  })

  it('everything else is a full refresh: stills and video, a paused edit, a seek, a resize, the first frame, a cut', () => {
    expect(canAmortise(previous, facts({ live: false }))).toBe(false) // stills, video frames, idle frames
    expect(canAmortise(null, facts())).toBe(false) // the first frame, a new structure
    expect(canAmortise(previous, facts({ time: previous.time }))).toBe(false) // time did not advance
    expect(canAmortise(previous, facts({ time: 5 }))).toBe(false) // a seek back
    expect(canAmortise(previous, facts({ time: previous.time + MAX_AMORTISED_STEP + 0.01 }))).toBe(false) // a jump
    expect(canAmortise(previous, facts({ width: 641 }))).toBe(false) // a resize or a new quality scale
    expect(canAmortise(previous, facts({ document: {} }))).toBe(false) // an edit
    const turned = new Vector3(Math.sin(0.5), 0, -Math.cos(0.5)) // ~29 degrees
    expect(canAmortise(previous, facts({ forward: turned }))).toBe(false)
    const drift = new Vector3(Math.sin(0.01), 0, -Math.cos(0.01))
    expect(canAmortise(previous, facts({ forward: drift }))).toBe(true)
  })

  it('the update target holds one texel of every 2 x 2 block; four phases cover each block once', () => {
    expect(updateTargetSize(640, 360)).toEqual([320, 180])
    expect(updateTargetSize(321, 181)).toEqual([161, 91])
    expect(updateTargetSize(1, 1)).toEqual([1, 1])
    expect(new Set(AMORTISE_PHASES.map(([x, y]) => `${x},${y}`)).size).toBe(4)
    for (const [x, y] of AMORTISE_PHASES) expect([x, y].every((v) => v === 0 || v === 1)).toBe(true)
  })

  it('the live loop is known per renderer, and only while registered', () => {
    const renderer = {}
    const loop = { live: false }
    expect(isLiveFrame(renderer)).toBe(false)
    const unregister = registerLiveFrames(renderer, loop)
    expect(isLiveFrame(renderer)).toBe(false)
    loop.live = true
    expect(isLiveFrame(renderer)).toBe(true)
    unregister()
    expect(isLiveFrame(renderer)).toBe(false)
  })
})

describe('adaptive quality with amortised soft passes', () => {
  it('predicts a live frame: a soft layer costs the share of its soft texels it shades plus the resolve; soft steps come first', () => {
    const doc = createDocument(registry, ['clouds'], 1)
    const steps = planQuality(doc, registry, { maxDpr: 1, minDpr: 0.5 })
    expect(steps[0]).toEqual({ kind: 'soft', scale: 0.7 })
    expect(steps[1]).toEqual({ kind: 'soft', scale: 0.5 })
    expect(steps[2]!.kind).toBe('dpr')
    const clouds = registry.get('clouds')!
    const declared = layerCost(clouds, doc.layers[0]!.params)
    const [full, lowered] = levelCosts(doc, registry, steps, 1)
    // the clouds declare one texel of every 4 x 4 a live frame
    expect(full).toBeCloseTo(OUTPUT_STAGE_COST + (declared * 0.25 * liveShadedFraction(4) + RESOLVE_COST * 0.25), 6)
    expect(lowered).toBeCloseTo(OUTPUT_STAGE_COST + (declared * 0.35 ** 2 * liveShadedFraction(4) + RESOLVE_COST * 0.35 ** 2), 6)
  })

  it('an amortised layer at full resolution: its share of the pixels and a full-size resolve; no soft step lowers it', () => {
    const doc = createDocument(registry, ['city', 'moon'], 1)
    const steps = planQuality(doc, registry, { maxDpr: 1, minDpr: 0.5 })
    expect(steps.some((step) => step.kind === 'soft')).toBe(false)
    const [city, moon] = doc.layers.map((layer) => layerCost(registry.get(layer.type)!, layer.params))
    // the city's windows come on by slow fades: one texel of every 4 x 4 a live frame
    expect(levelCosts(doc, registry, steps, 1)[0]).toBeCloseTo(OUTPUT_STAGE_COST + city! * liveShadedFraction(4) + RESOLVE_COST + moon!, 6)
  })
})
