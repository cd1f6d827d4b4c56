/**
 * Issue 10 item 5: nothing bounds the total GPU work a link can demand. The cost model comes from the layer
 * declarations; the loader warns over budget (an error in strict mode); the canvas fits a document to the
 * budget before its first frame; a journey morph never draws more layers than a document may hold.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { COST_BUDGET, costBreakdown, documentCost, fitToBudget, layerCost } from '../../src/core/cost'
import { createDocument, LIMITS, type DreamDocument } from '../../src/core/document'
import { createJourney, journeyAt } from '../../src/core/journey'
import { registry } from '../../src/layers'
import { encodeLink } from '../../src/preset/link'
import { loadPreset } from '../../src/preset/load'

const root = join(import.meta.dirname, '../..')
const presets = readdirSync(join(root, 'presets'))
  .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
  .map((name) => {
    const result = loadPreset(readFileSync(join(root, 'presets', name), 'utf8'), { registry })
    if (!result.ok) throw result.error
    return { name: name.replace(/\.json$/, ''), doc: result.document }
  })

/** The attack from the issue: 32 clouds layers at their maximum quality. */
function heavyClouds(count: number = LIMITS.layers): DreamDocument {
  const doc = createDocument(registry, Array.from({ length: count }, () => 'clouds'), 5)
  return { ...doc, layers: doc.layers.map((layer) => ({ ...layer, params: { ...layer.params, steps: 48, octaves: 5 } })) }
}

describe('cost model from the declarations', () => {
  test('every registered layer type declares its cost, and it grows with its quality knobs', () => {
    for (const layerType of registry.all) {
      expect(layerType.cost, `${layerType.type} declares no cost`).toBeTypeOf('function')
      const atDefaults = layerCost(layerType, layerType.defaults)
      expect(atDefaults).toBeGreaterThan(0)
      for (const [key, spec] of Object.entries(layerType.params)) {
        if (!spec.quality || (spec.kind !== 'int' && spec.kind !== 'float')) continue
        const atFloor = layerCost(layerType, { ...layerType.defaults, [key]: spec.quality.floor })
        const atMax = layerCost(layerType, { ...layerType.defaults, [key]: spec.max })
        expect(atFloor, `${layerType.type}.${key}`).toBeLessThan(atMax)
      }
    }
  })

  test('hidden layers and layers at opacity 0 are free', () => {
    const doc = createDocument(registry, ['sky', 'nebula', 'clouds'], 1)
    const full = documentCost(doc, registry)
    const [, nebula, clouds] = doc.layers
    const hidden = { ...doc, layers: doc.layers.map((l) => (l.id === nebula!.id ? { ...l, enabled: false } : l.id === clouds!.id ? { ...l, opacity: 0 } : l)) }
    expect(documentCost(hidden, registry)).toBeCloseTo(layerCost(registry.get('sky')!, doc.layers[0]!.params))
    expect(full).toBeGreaterThan(documentCost(hidden, registry))
  })

  test('every built-in preset fits the budget with room to spare (at most half of it)', () => {
    const costs = presets.map(({ name, doc }) => ({ name, cost: Math.round(documentCost(doc, registry)) }))
    console.info(`budget ${COST_BUDGET}\n${costs.map((c) => `${c.name}: ${c.cost}`).join('\n')}`)
    for (const { name, cost } of costs) expect(cost, name).toBeLessThanOrEqual(COST_BUDGET / 2)
  })

  test('32 clouds layers at maximum quality are far over budget', () => {
    expect(documentCost(heavyClouds(), registry)).toBeGreaterThan(COST_BUDGET * 10)
  })
})

describe('the loader keeps a document under the budget', () => {
  test('over budget: loads with a warning naming the cost, the budget and the dearest layer', () => {
    const link = encodeLink(heavyClouds(), registry)
    expect(link.length).toBeLessThan(2000)
    const result = loadPreset(heavyClouds(), { registry })
    if (!result.ok) throw result.error
    const warning = result.warnings.find((w) => w.code === 'over-budget')
    expect(warning, JSON.stringify(result.warnings)).toBeDefined()
    expect(warning!.message).toMatch(/clouds/)
    expect(warning!.message).toContain(String(COST_BUDGET))
  })

  test('over budget in strict mode: refused', () => {
    const result = loadPreset(heavyClouds(), { registry, strict: true })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('over-budget')
  })

  test('the built-in presets load in strict mode (under budget, no warning)', () => {
    for (const { name, doc } of presets) {
      const result = loadPreset(doc, { registry, strict: true })
      expect(result.ok, name).toBe(true)
    }
  })
})

describe('fitToBudget: the runtime lowers quality knobs before the first frame', () => {
  test('a document within the budget is returned as it is', () => {
    for (const { doc } of presets) expect(fitToBudget(doc, registry).document).toBe(doc)
  })

  test('a few heavy layers: knobs come down proportionally, nothing is switched off', () => {
    const doc = heavyClouds(3)
    expect(documentCost(doc, registry)).toBeGreaterThan(COST_BUDGET)
    const fit = fitToBudget(doc, registry)
    expect(fit.cost).toBeLessThanOrEqual(COST_BUDGET)
    expect(fit.cost).toBeGreaterThan(COST_BUDGET * 0.8) // as little lowered as fits
    expect(fit.hidden).toEqual([])
    for (const layer of fit.document.layers) {
      expect(layer.enabled).toBe(true)
      expect(layer.params.steps as number).toBeLessThan(48)
      expect(layer.params.steps as number).toBeGreaterThanOrEqual(6)
    }
    expect(doc.layers[0]!.params.steps).toBe(48) // the input is untouched
  })

  test('32 heavy layers: floors are not enough, so the dearest layers are switched off until it fits', () => {
    const fit = fitToBudget(heavyClouds(), registry)
    expect(documentCost(fit.document, registry)).toBeLessThanOrEqual(COST_BUDGET)
    expect(fit.hidden.length).toBeGreaterThan(0)
    expect(fit.document.layers.filter((l) => l.enabled).length).toBeGreaterThan(0)
  })
})

describe('journeys', () => {
  test('a morph between two full stops never draws more than the layer limit', () => {
    const a = createDocument(registry, Array.from({ length: LIMITS.layers }, () => 'nebula'), 1)
    const b = createDocument(registry, Array.from({ length: LIMITS.layers }, () => 'stars'), 2)
    const journey = createJourney([a, b], { hold: 1, morph: 4, loop: false })
    for (let time = 0; time <= 6; time += 0.25) {
      const doc = journeyAt(journey, time, registry)
      const drawn = doc.layers.filter((layer) => layer.enabled && layer.opacity > 0).length
      expect(drawn, `t = ${time}`).toBeLessThanOrEqual(LIMITS.layers)
    }
  })
})

test('costBreakdown lists the dearest layer first', () => {
  const doc = createDocument(registry, ['grain', 'clouds', 'sky'], 1)
  expect(costBreakdown(doc, registry)[0]!.type).toBe('clouds')
})
