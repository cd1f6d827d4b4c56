/**
 * Registry-wide render tests in real WebGL2: every registered layer type is covered the moment it is listed
 * in src/layers/index.ts.
 */
import { afterEach, describe, expect, test } from 'vitest'
import type { AnyLayerType } from '../../src/core/defineLayer'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { addLayer, setLayerParams } from '../../src/core/documentOps'
import type { ParamSpec, ParamValue } from '../../src/core/params'
import { layerTypes, registry } from '../../src/layers'
import { meanDifference, mountDream, pixelStats, type Harness } from './harness'

const W = 128
const H = 72
const TIME = 2.5
/**
 * Some layers act in bursts (signal loss) or build on the frames before (datamosh smear): sample a whole
 * cycle, each sample after a few 60 fps frames of lead-in so feedback effects have a history.
 */
const TIMES = [1, 3, 5, 7, 9, 11]
const renderRun = (harness: Harness) =>
  TIMES.map((time) => {
    for (let frame = 4; frame > 0; frame--) harness.renderAt(time - frame / 60)
    return harness.renderAt(time)
  })
const largestDifference = (a: Uint8Array[], b: Uint8Array[]) => Math.max(...a.map((frame, i) => meanDifference(frame, b[i]!)))
let mounted: Harness | undefined
afterEach(async () => {
  await mounted?.unmount()
  mounted = undefined
})

/** Effects need a picture to work on; everything else is shown alone. */
const contextFor = (layerType: AnyLayerType) => (layerType.kind === 'effect' ? ['sky', 'nebula', 'stars'] : [])

function documentWith(types: string[], seed = 7): DreamDocument {
  return { ...createDocument(registry, types), seed }
}

/** A value far from the default: the end of the range furthest away, an inverted colour, the other option. */
function farValue(spec: ParamSpec): ParamValue {
  switch (spec.kind) {
    case 'float':
    case 'int':
      return spec.default - spec.min > spec.max - spec.default ? spec.min : spec.max
    case 'bool':
      return !spec.default
    case 'color': {
      const n = Number.parseInt(spec.default.slice(1), 16)
      return `#${(0xffffff ^ n).toString(16).padStart(6, '0')}`
    }
    case 'select':
      return spec.options.find((o) => o !== spec.default) ?? spec.default
    case 'vec2':
    case 'vec3':
      return spec.default.map((x) => (x - spec.min > spec.max - x ? spec.min : spec.max))
  }
}

describe.each(layerTypes.map((t) => [t.type, t] as const))('layer %s in WebGL2', (type, layerType) => {
  test('renders non-blank and differs from the scene without it', async () => {
    const base = contextFor(layerType)
    mounted = await mountDream(documentWith(base), { width: W, height: H })
    const without = renderRun(mounted)
    await mounted.unmount()
    mounted = await mountDream(documentWith([...base, type]), { width: W, height: H })
    const withLayer = renderRun(mounted)
    const stats = pixelStats(withLayer[1]!)
    expect(stats.mean, 'mean brightness').toBeGreaterThan(0.5)
    expect(stats.colours, 'distinct colours').toBeGreaterThan(2)
    expect(largestDifference(without, withLayer), 'difference from the scene without the layer').toBeGreaterThan(0.3)
  })

  test('changing every parameter changes the pixels without a new shader program', async () => {
    mounted = await mountDream(documentWith([...contextFor(layerType), type]), { width: W, height: H })
    const before = renderRun(mounted)
    const programs = mounted.programCount()
    const id = mounted.store.getState().document.layers.at(-1)!.id
    const far = Object.fromEntries(Object.entries(layerType.params).filter(([, s]) => !s.geometry).map(([k, s]) => [k, farValue(s)]))
    mounted.store.edit((doc) => setLayerParams(doc, id, far))
    const after = renderRun(mounted)
    expect(largestDifference(before, after)).toBeGreaterThan(0.2)
    expect(mounted.programCount()).toBe(programs)
  })
})

test('two instances of one type render independently', async () => {
  let doc = documentWith(['sky', 'nebula'])
  doc = addLayer(doc, registry, 'nebula')
  mounted = await mountDream(doc, { width: W, height: H })
  const both = mounted.renderAt(TIME)
  const second = mounted.store.getState().document.layers[2]!.id
  mounted.store.edit((d) => setLayerParams(d, second, { colorB: '#00ff40', scale: 5 }))
  const changed = mounted.renderAt(TIME)
  expect(meanDifference(both, changed)).toBeGreaterThan(0.5)
  // the second nebula ends the fused run (sky + nebula) and draws on its own; every further nebula reuses
  // that program: one program per type outside the fused pass
  const programsWithTwo = mounted.programCount()
  await mounted.unmount()
  mounted = await mountDream(addLayer(doc, registry, 'nebula'), { width: W, height: H })
  mounted.renderAt(TIME)
  expect(mounted.programCount()).toBe(programsWithTwo)
})

test('the same document, seed and time render identical pixels; another seed does not', async () => {
  const types = ['sky', 'nebula', 'stars', 'terrain', 'fireflies', 'grain']
  mounted = await mountDream(documentWith(types, 11), { width: W, height: H })
  const first = mounted.renderAt(4.2)
  mounted.renderAt(9)
  const again = mounted.renderAt(4.2)
  await mounted.unmount()
  mounted = await mountDream(documentWith(types, 11), { width: W, height: H })
  const remount = mounted.renderAt(4.2)
  await mounted.unmount()
  mounted = await mountDream(documentWith(types, 12), { width: W, height: H })
  const otherSeed = mounted.renderAt(4.2)
  expect(meanDifference(first, again)).toBe(0)
  expect(meanDifference(first, remount)).toBe(0)
  expect(meanDifference(first, otherSeed)).toBeGreaterThan(0.5)
})
