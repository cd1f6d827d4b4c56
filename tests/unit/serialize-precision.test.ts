/** Issue 12.6: saved documents carry no float noise; numbers are written at their declared step's precision. */
import { describe, expect, test } from 'vitest'
import { createDocument } from '../../src/core/document'
import { setLayerParams, setLayerProps, setScene } from '../../src/core/documentOps'
import { registry } from '../../src/layers'
import { canonicalJson, serializePreset } from '../../src/preset/serialize'
import { encodeLink } from '../../src/preset/link'

describe('no float noise in saved documents', () => {
  // what a Leva slider leaves behind: 2.22 in binary floating point steps
  const noisy = () => {
    let doc = createDocument(registry, ['sky', 'stars'], 3)
    const [sky, stars] = doc.layers
    doc = setLayerParams(doc, sky!.id, { glowStrength: 2.2199999999999998, glowHeight: 0.09500000000000001, curve: 0.1 + 0.2 })
    doc = setLayerParams(doc, stars!.id, { density: 0.7000000000000001 })
    doc = setLayerProps(doc, stars!.id, { opacity: 0.30000000000000004 })
    return setScene(doc, { speed: 1.2000000000000002 })
  }

  test('each parameter is rounded to its declared step when serializing', () => {
    const json = canonicalJson(noisy(), { registry }) as { layers: { opacity: number; params: Record<string, number> }[]; scene: { speed: number } }
    expect(json.layers[0]!.params).toMatchObject({ glowStrength: 2.22, glowHeight: 0.095, curve: 0.3 })
    expect(json.layers[1]!.params.density).toBe(0.7)
    expect(json.layers[1]!.opacity).toBe(0.3)
    expect(json.scene.speed).toBe(1.2)
  })

  test('no file, autosave text or link holds a noisy number', () => {
    const text = serializePreset(noisy(), { registry })
    expect(text).not.toMatch(/\d\.\d*(0000000|9999999)\d/)
    expect(text).toContain('"glowStrength": 2.22,')
    expect(JSON.stringify(canonicalJson(noisy(), { registry, omitDefaults: true }))).not.toMatch(/(0000000|9999999)\d/)
    // a link is the clean document's link
    const doc = noisy()
    const clean = setScene(setLayerProps(setLayerParams(setLayerParams(doc, doc.layers[0]!.id, { glowStrength: 2.22, glowHeight: 0.095, curve: 0.3 }), doc.layers[1]!.id, { density: 0.7 }), doc.layers[1]!.id, { opacity: 0.3 }), { speed: 1.2 })
    expect(encodeLink(doc, registry)).toBe(encodeLink(clean, registry))
  })

  test('values finer than the step from elsewhere (a morph, a hand-edited file) move by at most half a step digit', () => {
    const doc = createDocument(registry, ['sky'], 3)
    const sky = doc.layers[0]!
    const json = canonicalJson(setLayerParams(doc, sky.id, { glowAzimuth: 12.4, shimmer: 0.123456 }), { registry }) as { layers: { params: Record<string, number> }[] }
    expect(json.layers[0]!.params.glowAzimuth).toBe(12) // step 1
    expect(json.layers[0]!.params.shimmer).toBe(0.12) // step 0.01
  })
})

describe('precision of a step', () => {
  test('decimals of a step, and rounding that never leaves the declared range', async () => {
    const { stepDecimals, roundParam } = await import('../../src/core/precision')
    expect([0.01, 0.005, 1, 0.1, 2.5e-7, 0.25].map(stepDecimals)).toEqual([2, 3, 0, 1, 8, 2])
    const spec = { kind: 'float', default: 0.5, min: 0.003, max: 0.995, step: 0.01 } as const
    expect(roundParam(spec, 0.9951)).toBe(0.995) // rounding up would pass max
    expect(roundParam(spec, 0.0031)).toBe(0.003)
    expect(roundParam({ kind: 'float', default: 0, min: -1, max: 1 }, 0.1 + 0.2)).toBe(0.3) // no step: noise only
    expect(roundParam({ kind: 'float', default: 0, min: -1, max: 1 }, 0.123456789)).toBe(0.123456789)
    expect(roundParam({ kind: 'vec2', default: [0, 0], min: -5, max: 5, step: 0.1 }, [1.2000000000000002, -0.30000000000000004])).toEqual([1.2, -0.3])
    expect(roundParam({ kind: 'int', default: 1, min: 0, max: 8 }, 3)).toBe(3)
  })
})
