import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { createDocument, sceneType, type DreamDocument, type DreamLayer } from '../../src/core/document'
import { matchLayers, morphDocuments, planMorph } from '../../src/core/morph'
import { normalizeHexColor } from '../../src/core/color'
import { registry } from '../../src/layers'
import { lerpParam, p } from '../../src/core/params'

function layer(doc: DreamDocument, type: string): DreamLayer {
  const found = doc.layers.find((l) => l.type === type)
  if (!found) throw new Error(`no ${type}`)
  return found
}

function withParams(doc: DreamDocument, type: string, params: Record<string, unknown>, extra: Partial<DreamLayer> = {}): DreamDocument {
  return {
    ...doc,
    layers: doc.layers.map((l) => (l.type === type ? { ...l, ...extra, params: { ...l.params, ...params } as DreamLayer['params'] } : l)),
  }
}

const dusk = () =>
  withParams(createDocument(registry, ['sky', 'nebula', 'terrain', 'bloom'], 7), 'nebula', {
    colorA: '#ff0000',
    octaves: 2,
    scale: 1,
  })
const dawn = () => {
  const base = withParams(createDocument(registry, ['sky', 'nebula', 'stars', 'bloom'], 99), 'nebula', {
    colorA: '#00ffff',
    octaves: 7,
    scale: 5,
  })
  return { ...base, scene: { ...base.scene, fov: 85, cameraMotion: 'orbit' as const } }
}

describe('morph', () => {
  test('the endpoints are the inputs themselves', () => {
    const a = dusk()
    const b = dawn()
    expect(morphDocuments(a, b, 0, registry)).toBe(a)
    expect(morphDocuments(a, b, 1, registry)).toBe(b)
    expect(morphDocuments(a, b, -3, registry)).toBe(a)
    expect(morphDocuments(a, b, Number.NaN, registry)).toBe(a)
    expect(morphDocuments(a, b, 7, registry)).toBe(b)
  })

  test('just after t = 0 and just before t = 1 the morph renders like the inputs', () => {
    const a = dusk()
    const b = dawn()
    const plan = planMorph(a, b, registry)
    for (const [t, end] of [
      [1e-6, a],
      [1 - 1e-6, b],
    ] as const) {
      const doc = plan.at(t)
      for (const morphed of doc.layers) {
        const source = end.layers.find((l) => l.type === morphed.type)
        if (!source) {
          // a layer from the other side only: invisible at this end
          expect(morphed.opacity).toBeLessThan(1e-5)
          continue
        }
        expect(morphed.opacity).toBeCloseTo(source.opacity, 5)
        for (const [key, value] of Object.entries(source.params)) {
          const got = morphed.params[key]
          if (typeof value === 'number') expect(got as number).toBeCloseTo(value, 4)
          else expect(got).toEqual(value)
        }
      }
      expect(doc.scene.fov).toBeCloseTo(end.scene.fov, 4)
      expect(doc.scene.cameraMotion).toBe(end.scene.cameraMotion)
      expect(doc.seed).toBe(end.seed)
    }
  })

  test('the midpoint interpolates: floats linearly, ints rounded, colours in OKLab, selects switch at 0.5', () => {
    const a = dusk()
    const b = dawn()
    const plan = planMorph(a, b, registry)
    const quarter = layer(plan.at(0.25), 'nebula')
    const half = layer(plan.at(0.5), 'nebula')
    expect(quarter.params.scale).toBeCloseTo(2, 6)
    expect(half.params.scale).toBeCloseTo(3, 6)
    expect(quarter.params.octaves).toBe(Math.round(2 + 5 * 0.25))
    expect(half.params.octaves).toBe(Math.round(4.5))
    // OKLab midpoint of red and cyan is a greyish colour, not the muddy sRGB average #808080 exactly
    const mid = half.params.colorA as string
    expect(normalizeHexColor(mid)).toBe(mid)
    expect(mid).not.toBe('#ff0000')
    expect(mid).not.toBe('#00ffff')
    expect(plan.at(0.49).scene.cameraMotion).toBe('drift')
    expect(plan.at(0.5).scene.cameraMotion).toBe('orbit')
    expect(plan.at(0.5).scene.fov).toBeCloseTo((55 + 85) / 2, 6)
    expect(plan.at(0.49).seed).toBe(7)
    expect(plan.at(0.51).seed).toBe(99)
  })

  test('layers on one side only fade in or out; the layer set is stable through the morph', () => {
    const a = dusk()
    const b = dawn()
    const plan = planMorph(a, b, registry)
    const types = (doc: DreamDocument) => doc.layers.map((l) => `${l.id}:${l.type}`)
    const first = plan.at(0.1)
    for (const t of [0.2, 0.5, 0.77, 0.99]) expect(types(plan.at(t))).toEqual(types(first))
    expect(first.layers.map((l) => l.type).sort()).toEqual(['bloom', 'nebula', 'sky', 'stars', 'terrain'])
    expect(layer(plan.at(0.25), 'terrain').opacity).toBeCloseTo(0.75, 6)
    expect(layer(plan.at(0.25), 'stars').opacity).toBeCloseTo(0.25, 6)
    expect(layer(plan.at(0.25), 'sky').opacity).toBe(1)
  })

  test('a disabled layer fades like an absent one', () => {
    const a = withParams(dusk(), 'bloom', {}, { enabled: false })
    const b = dawn()
    const bloom = layer(planMorph(a, b, registry).at(0.3), 'bloom')
    expect(bloom.enabled).toBe(true)
    expect(bloom.opacity).toBeCloseTo(0.3, 6)
  })

  test('layers pair by id first, then by type in stack order', () => {
    const a = createDocument(registry, ['nebula', 'nebula', 'sky'])
    const b = createDocument(registry, ['nebula', 'sky', 'nebula'])
    const [a0, a1, aSky] = a.layers as [DreamLayer, DreamLayer, DreamLayer]
    const [b0, bSky, b2] = b.layers as [DreamLayer, DreamLayer, DreamLayer]
    b2.id = a1.id // the second nebula of a is the third layer of b
    const pairs = matchLayers(a.layers, b.layers)
    expect(pairs.get(a1)).toBe(b2)
    expect(pairs.get(a0)).toBe(b0)
    expect(pairs.get(aSky)).toBe(bSky)
    const mid = planMorph(a, b, registry).at(0.5)
    expect(mid.layers).toHaveLength(3)
    expect(new Set(mid.layers.map((l) => l.id)).size).toBe(3)
  })

  test('geometry parameters switch at the midpoint instead of rebuilding meshes every frame', () => {
    const a = withParams(dusk(), 'terrain', { scale: 1 })
    const b = withParams(createDocument(registry, ['terrain'], 7), 'terrain', { scale: 4 })
    const plan = planMorph(a, b, registry)
    expect(layer(plan.at(0.3), 'terrain').params.scale).toBe(1)
    expect(layer(plan.at(0.6), 'terrain').params.scale).toBe(4)
  })

  test('values both ends share are reused, not copied, frame after frame', () => {
    const a = dusk()
    const b = { ...a, layers: a.layers.map((l) => (l.type === 'nebula' ? { ...l, opacity: 0.5 } : l)) }
    const plan = planMorph(a, b, registry)
    const first = plan.at(0.2)
    const second = plan.at(0.7)
    expect(layer(first, 'nebula').params).toBe(layer(second, 'nebula').params)
    expect(first.scene).toBe(a.scene)
  })

  test('deterministic: the same inputs give the same document', () => {
    const a = dusk()
    const b = dawn()
    for (const t of [0.13, 0.5, 0.92]) {
      expect(JSON.stringify(morphDocuments(a, b, t, registry))).toBe(JSON.stringify(morphDocuments(a, b, t, registry)))
      expect(planMorph(a, b, registry).at(t)).toEqual(planMorph(a, b, registry).at(t))
    }
  })

  test('every morphed value is valid for its declaration: colours in gamut, numbers in range', () => {
    const color = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
      .map(([r, g, b]) => `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`)
    fc.assert(
      fc.property(color, color, color, color, fc.double({ min: 0, max: 1, noNaN: true }), (ca, cb, cc, cd, t) => {
        const a = withParams(dusk(), 'sky', { zenith: ca, horizon: cb })
        const b = withParams(dawn(), 'sky', { zenith: cc, horizon: cd })
        const doc = morphDocuments(a, b, t, registry)
        for (const morphed of doc.layers) {
          const layerType = registry.get(morphed.type)!
          const { problems } = layerType.sanitize(morphed.params)
          expect(problems).toEqual([])
          expect(morphed.opacity).toBeGreaterThanOrEqual(0)
          expect(morphed.opacity).toBeLessThanOrEqual(1)
        }
        expect(sceneType.sanitize(doc.scene).problems).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  test('a plan is cheap per frame', () => {
    const plan = planMorph(dusk(), dawn(), registry)
    const frames = 20_000
    const start = performance.now()
    for (let i = 0; i < frames; i++) plan.at((i % 1000) / 1000)
    const perFrameMs = (performance.now() - start) / frames
    console.log(`morph plan.at: ${(perFrameMs * 1000).toFixed(1)} µs per frame`)
    expect(perFrameMs).toBeLessThan(0.5)
  })
})

describe('angles morph the short way round', () => {
  const azimuth = p.float(0, { min: -180, max: 180, step: 0.5, wrap: true })
  const turnDistance = (a: number, b: number) => {
    const d = Math.abs(a - b) % 360
    return Math.min(d, 360 - d)
  }

  test('-170 to 170 degrees turns 20 degrees through 180, not 340 through 0', () => {
    expect(lerpParam(azimuth, -170, 170, 0.25)).toBeCloseTo(-175, 9)
    expect(Math.abs(lerpParam(azimuth, -170, 170, 0.5) as number)).toBeCloseTo(180, 9)
    expect(lerpParam(azimuth, -170, 170, 0.75)).toBeCloseTo(175, 9)
    expect(lerpParam(azimuth, 170, -170, 0.75)).toBeCloseTo(-175, 9)
    expect([lerpParam(azimuth, -170, 170, 0), lerpParam(azimuth, -170, 170, 1)]).toEqual([-170, 170])
    // Without wrap a range is a line, not a circle: the same ends pass through 0.
    expect(lerpParam({ ...azimuth, wrap: false }, -170, 170, 0.5)).toBe(0)
  })

  test('in a document morph: the clouds light turns the short way, the blur band (not a turn) does not', () => {
    const base = createDocument(registry, ['clouds', 'dream-blur'], 3)
    const a = withParams(withParams(base, 'clouds', { lightAzimuth: -170 }), 'dream-blur', { angle: -80 })
    const b = withParams(withParams(base, 'clouds', { lightAzimuth: 170 }), 'dream-blur', { angle: 80 })
    const quarter = morphDocuments(a, b, 0.25, registry)
    expect(layer(quarter, 'clouds').params.lightAzimuth).toBeCloseTo(-175, 9)
    expect(layer(quarter, 'dream-blur').params.angle).toBeCloseTo(-40, 9)
  })

  test('any two angles: the result stays in range and has turned t of the shortest way', () => {
    // fc.double spreads over bit patterns (mostly tiny numbers): draw whole twentieths of a degree instead.
    const angle = fc.integer({ min: -3600, max: 3600 }).map((n) => n / 20)
    fc.assert(
      fc.property(angle, angle, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, t) => {
        const x = lerpParam(azimuth, a, b, t) as number
        expect(x).toBeGreaterThanOrEqual(-180)
        expect(x).toBeLessThanOrEqual(180)
        expect(turnDistance(a, x)).toBeCloseTo(t * turnDistance(a, b), 6)
        expect(turnDistance(x, b)).toBeCloseTo((1 - t) * turnDistance(a, b), 6)
      }),
      { numRuns: 2000 },
    )
  })

  test('every direction-like parameter in the registry wraps (azimuths, hue, rotations over a full turn)', () => {
    const fullTurns: string[] = []
    for (const layerType of registry.all)
      for (const [key, spec] of Object.entries(layerType.params))
        if (spec.kind === 'float' && spec.max - spec.min === 360 && !spec.wrap) fullTurns.push(`${layerType.type}.${key}`)
    expect(fullTurns).toEqual([])
  })
})
