/**
 * GPU budgets per built-in preset, as counts (not timings): shader programs and draw calls per frame
 * (renderer.info over the whole composer frame), and no program relink when any slider of any layer moves.
 */
import { describe, expect, it } from 'vitest'
import type { DreamDocument } from '../../src/core/document'
import { setLayerParams, setLayerProps } from '../../src/core/documentOps'
import type { ParamSpec, ParamValue } from '../../src/core/params'
import { registry } from '../../src/layers'
import { mountDream } from './harness'

/**
 * Every preset may use at most this many linked programs: one per backdrop/object layer, one per merged effect
 * pass, plus the output stage (flash limiter measure/state/apply, dither). Measured 10-18 for the built-ins.
 * 20 -> 21 (issue 14, session 26): the islands' strands are a program of their own, drawn after every island's
 * rock (the rock's program no longer carries the strands' code, nor they the rock's): 14-21 for the built-ins.
 * 21 -> 22 (session 27): the lake's depth-only sheet, drawn first so the ground under the water is never shaded
 * (about 2 ms of the terrain's 13 in bedtime-to-dawn at 640x360): 14-22 for the built-ins.
 */
export const PROGRAM_BUDGET = 22
/**
 * Draw calls in one whole frame (scene + every post-processing pass). Measured 20-39 for the built-ins. A draw call
 * costs about 0.075 ms on the software renderer whatever it draws: the terrain, 70 tile meshes until session 26,
 * is one draw of the tiles in view (and one for the reflection), 5 ms less at 640 x 360.
 */
export const DRAW_CALL_BUDGET = 48

const texts = import.meta.glob('../../presets/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
type Loader = (text: string, options: { registry: typeof registry }) => { ok: boolean; document?: DreamDocument; error?: { message: string } }
const loaders = import.meta.glob('../../src/preset/load.ts', { eager: true }) as Record<string, { loadPreset?: Loader }>
const loadPreset = Object.values(loaders)[0]?.loadPreset

const presets = Object.entries(texts)
  .filter(([file]) => !file.endsWith('.schema.json'))
  .map(([file, text]) => {
    const name = file.replace(/^.*\//, '').replace(/\.json$/, '')
    if (!loadPreset) return { name, document: JSON.parse(text) as DreamDocument }
    const result = loadPreset(text, { registry })
    if (!result.ok) throw new Error(`preset ${name} does not load: ${result.error?.message}`)
    return { name, document: result.document! }
  })

/** Another valid value for a parameter (what a slider move produces). */
function moved(spec: ParamSpec, value: ParamValue): ParamValue {
  switch (spec.kind) {
    case 'float':
    case 'int': {
      const target = (value as number) === spec.max ? spec.min : spec.max
      const mid = (value as number) + (target - (value as number)) * 0.5
      return spec.kind === 'int' ? Math.round(mid) : mid
    }
    case 'bool':
      return !value
    case 'color':
      return value === '#336699' ? '#996633' : '#336699'
    case 'select':
      return spec.options.find((o) => o !== value) ?? value
    case 'vec2':
    case 'vec3':
      return (value as readonly number[]).map((x) => (x === spec.max ? spec.min : (x + spec.max) / 2))
  }
}

describe.skipIf(presets.length === 0)('budgets per built-in preset', () => {
  it.each(presets.map((p) => [p.name, p.document] as const))('%s: programs and draw calls under budget', async (_, doc) => {
    const h = await mountDream(doc, { width: 160, height: 90 })
    try {
      h.renderAt(1)
      const info = h.gl.info
      info.autoReset = false
      info.reset()
      h.renderAt(2)
      const calls = info.render.calls
      info.autoReset = true
      const programs = h.programCount()
      console.log(`budget ${_}: ${programs} programs, ${calls} draw calls, ${doc.layers.length} layers`)
      expect(programs).toBeGreaterThan(0)
      expect(calls).toBeGreaterThan(0)
      expect(programs).toBeLessThanOrEqual(PROGRAM_BUDGET)
      expect(calls).toBeLessThanOrEqual(DRAW_CALL_BUDGET)
    } finally {
      await h.unmount()
    }
  })

  it.each(presets.map((p) => [p.name, p.document] as const))('%s: moving every slider and opacity relinks nothing', async (_, doc) => {
    const h = await mountDream(doc, { width: 96, height: 54 })
    try {
      h.renderAt(1)
      const before = [...(h.gl.info.programs ?? [])]
      expect(before.length).toBeGreaterThan(0)
      for (const layer of doc.layers) {
        const layerType = registry.get(layer.type)
        if (!layerType) continue
        for (const [key, spec] of Object.entries(layerType.params)) {
          // geometry params rebuild a mesh on the CPU by design; they must still not touch a program
          h.store.edit((d) => setLayerParams(d, layer.id, { [key]: moved(spec, d.layers.find((l) => l.id === layer.id)!.params[key] ?? spec.default) }))
          h.renderAt(1.5)
        }
        h.store.edit((d) => setLayerProps(d, layer.id, { opacity: 0.5 }))
        h.renderAt(2)
      }
      const after = h.gl.info.programs ?? []
      expect(after.length).toBe(before.length)
      // the very same program objects: nothing was recompiled or relinked
      expect(after.every((program) => before.includes(program))).toBe(true)
    } finally {
      await h.unmount()
    }
  })
})
