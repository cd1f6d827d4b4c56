/**
 * Modulation in the preset format (format version 2): sources and bindings as zod (for the JSON Schema), the
 * lenient sanitizer and the canonical form. Everything derives from the source declarations
 * (src/modulation/sources) and the binding fields (src/modulation/targets.ts).
 * Bindings only ever target layer or scene parameters, never sources, so no cycle can form.
 */
import * as z from 'zod/mini'
import type { LayerRegistry } from '../core/defineLayer'
import { LIMITS, SCENE_TARGET, type DreamLayer, type DreamModulation, type ModulationBinding, type ModulationSource } from '../core/document'
import { paramEquals, type ParamValue } from '../core/params'
import { roundParam } from '../core/precision'
import type { Curve } from '../modulation/curves'
import type { AnySourceType, SourceRegistry } from '../modulation/defineSource'
import { sourceRegistry } from '../modulation/sources'
import { bindingFields, resolveBinding } from '../modulation/targets'
import { pathOf, type Warnings } from './errors'
import { dropUnknownKeys, kindOf, sanitizeFields } from './fields'
import type { JsonObject, JsonValue } from './json'
import { quoteText } from './text'

/** Source ids follow the layer id rule. */
export const SOURCE_ID = /^[A-Za-z0-9_-]+$/
export const isSourceId = (id: unknown): id is string => typeof id === 'string' && id.length > 0 && id.length <= LIMITS.idLength && SOURCE_ID.test(id)

const MODULATION_KEYS = new Set(['sources', 'bindings'])
const SOURCE_KEYS = new Set(['id', 'type', 'params'])
const BINDING_KEYS = new Set(['source', 'layer', 'param', 'component', 'depth', 'offset', 'curve'])

/** zod for the JSON Schema (paramsSchema is handed in: schema.ts owns it, and importing it here would cycle). */
export function modulationSchema(paramsSchema: (specs: AnySourceType['params']) => z.ZodMiniType, sources: SourceRegistry = sourceRegistry) {
  const id = z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength), z.regex(SOURCE_ID))
  const sourceSchemas = sources.all.map((type) =>
    z
      .strictObject({ id, type: z.literal(type.type), params: z._default(paramsSchema(type.params), {}) })
      .check(z.meta({ title: type.label, description: type.description })),
  )
  const source = sourceSchemas.length === 1 ? (sourceSchemas[0] as z.ZodMiniType) : z.discriminatedUnion('type', sourceSchemas as [(typeof sourceSchemas)[0], ...(typeof sourceSchemas)[0][]])
  const fields = paramsSchema(bindingFields.params) as z.ZodMiniObject
  const binding = z
    .strictObject({
      source: id.check(z.meta({ description: 'the id of a source in this document' })),
      layer: z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength), z.meta({ description: `a layer id, or "${SCENE_TARGET}"` })),
      param: z.string().check(z.minLength(1), z.maxLength(40)),
      component: z.optional(z.int().check(z.minimum(0), z.maximum(2))).check(z.meta({ description: 'vector component, or colour lightness (0), chroma (1), hue (2)' })),
      ...fields.shape,
    })
    .check(z.meta({ description: 'value = base + (offset + depth * curve(source)) * range, clamped to the range' }))
  return z
    .optional(
      z.strictObject({
        sources: z._default(z.array(source).check(z.maxLength(LIMITS.sources)), []),
        bindings: z._default(z.array(binding).check(z.maxLength(LIMITS.bindings)), []),
      }),
    )
    .check(z.meta({ description: 'parameters moved by LFOs, sound, MIDI, the pointer or the dream itself (format version 2)' }))
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

function sanitizeSources(raw: unknown, sources: SourceRegistry, notes: Warnings): ModulationSource[] {
  const warn = (path: string, message: string) => notes.add(path, message)
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    warn('modulation.sources', `expected a list of sources, found ${kindOf(raw)}; dropped`)
    return []
  }
  const out: ModulationSource[] = []
  const taken = new Set<string>()
  for (let index = 0; index < raw.length; index++) {
    const at = (key?: string) => (key ? pathOf('modulation', 'sources', index, key) : pathOf('modulation', 'sources', index))
    if (out.length >= LIMITS.sources) {
      warn('modulation.sources', `${raw.length} sources; at most ${LIMITS.sources} are allowed, the rest were dropped (with their bindings)`)
      break
    }
    const entry = raw[index]
    if (!isObject(entry)) {
      warn(at(), `expected a source (an object), found ${kindOf(entry)}; dropped`)
      continue
    }
    dropUnknownKeys(entry as JsonObject, SOURCE_KEYS, at, notes)
    if (!isSourceId(entry.id)) {
      warn(at('id'), `a source needs an id of letters, digits, _ or - (at most ${LIMITS.idLength}); found ${typeof entry.id === 'string' ? quoteText(entry.id) : kindOf(entry.id)}, dropped (with its bindings)`)
      continue
    }
    if (taken.has(entry.id)) {
      warn(at('id'), `a second source called "${entry.id}"; dropped (bindings use the first)`)
      continue
    }
    const sourceType = typeof entry.type === 'string' ? sources.get(entry.type) : undefined
    if (!sourceType) {
      warn(at('type'), `unknown source type ${typeof entry.type === 'string' ? quoteText(entry.type) : kindOf(entry.type)}; source "${entry.id}" dropped (with its bindings)`)
      continue
    }
    const { values, problems } = sourceType.sanitize(entry.params)
    for (const problem of problems) warn(problem.key ? pathOf('modulation', 'sources', index, 'params', problem.key) : at('params'), problem.message)
    taken.add(entry.id)
    out.push({ id: entry.id, type: sourceType.type, params: values })
  }
  return out
}

function sanitizeBindings(
  raw: unknown,
  sourceIds: ReadonlySet<string>,
  layers: readonly DreamLayer[],
  registry: LayerRegistry,
  notes: Warnings,
): ModulationBinding[] {
  const warn = (path: string, message: string) => notes.add(path, message)
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    warn('modulation.bindings', `expected a list of bindings, found ${kindOf(raw)}; dropped`)
    return []
  }
  const out: ModulationBinding[] = []
  const seen = new Set<string>()
  for (let index = 0; index < raw.length; index++) {
    const at = (key?: string) => (key ? pathOf('modulation', 'bindings', index, key) : pathOf('modulation', 'bindings', index))
    if (out.length >= LIMITS.bindings) {
      warn('modulation.bindings', `${raw.length} bindings; at most ${LIMITS.bindings} are allowed, the rest were dropped`)
      break
    }
    const entry = raw[index]
    if (!isObject(entry)) {
      warn(at(), `expected a binding (an object), found ${kindOf(entry)}; dropped`)
      continue
    }
    dropUnknownKeys(entry as JsonObject, BINDING_KEYS, at, notes)
    const { source, layer, param, component } = entry
    if (typeof source !== 'string' || !sourceIds.has(source)) {
      warn(at('source'), `${typeof source === 'string' ? `there is no source ${quoteText(source)}` : 'a binding needs a source id'}; binding dropped`)
      continue
    }
    if (typeof layer !== 'string' || typeof param !== 'string') {
      warn(at(typeof layer !== 'string' ? 'layer' : 'param'), `a binding needs a layer id (or "${SCENE_TARGET}") and a parameter name; binding dropped`)
      continue
    }
    if (component !== undefined && (typeof component !== 'number' || !Number.isInteger(component))) {
      warn(at('component'), `expected a component number, found ${kindOf(component)}; binding dropped`)
      continue
    }
    const target = { layer, param, component: component as number | undefined }
    const resolved = resolveBinding({ layers }, registry, target)
    if (resolved.problem) {
      warn(at(layer === SCENE_TARGET || layers.some((l) => l.id === layer) ? 'param' : 'layer'), `${resolved.problem}; binding dropped`)
      continue
    }
    const key = `${source}\u0000${layer}\u0000${param}\u0000${component ?? ''}`
    if (seen.has(key)) {
      warn(at(), `"${source}" is already bound to ${layer}.${param}${component === undefined ? '' : `[${component}]`}; the repeat was dropped`)
      continue
    }
    seen.add(key)
    const { depth, offset, curve } = sanitizeFields(bindingFields, entry as JsonObject, at, notes)
    const binding: ModulationBinding = { source, layer, param, depth, offset, curve: curve as Curve }
    if (component !== undefined) binding.component = component as number
    out.push(binding)
  }
  return out
}

/**
 * Raw JSON -> valid modulation (undefined when there is none), against the document's sanitized layers.
 * Everything wrong is repaired or dropped with a warning; nothing here throws.
 */
export function sanitizeModulation(
  raw: unknown,
  layers: readonly DreamLayer[],
  registry: LayerRegistry,
  notes: Warnings,
  sources: SourceRegistry = sourceRegistry,
): DreamModulation | undefined {
  if (raw === undefined) return undefined
  if (!isObject(raw)) {
    notes.add('modulation', `expected an object with "sources" and "bindings", found ${kindOf(raw)}; dropped`)
    return undefined
  }
  dropUnknownKeys(raw as JsonObject, MODULATION_KEYS, (key) => pathOf('modulation', key), notes)
  const kept = sanitizeSources(raw.sources, sources, notes)
  const bindings = sanitizeBindings(raw.bindings, new Set(kept.map((s) => s.id)), layers, registry, notes)
  return kept.length > 0 || bindings.length > 0 ? { sources: kept, bindings } : undefined
}

/** Canonical JSON: declaration order, values at their declared precision, defaults left out for links. */
export function canonicalModulation(modulation: DreamModulation, omitDefaults: boolean, sources: SourceRegistry = sourceRegistry): JsonObject {
  const params = (values: Readonly<Record<string, ParamValue>>, specs: AnySourceType['params'] | undefined) => {
    const out: JsonObject = {}
    const keys = specs ? Object.keys(specs).filter((k) => Object.hasOwn(values, k)) : Object.keys(values).sort()
    for (const key of keys) {
      const spec = specs?.[key]
      const value = spec ? roundParam(spec, values[key] as ParamValue) : (values[key] as ParamValue)
      if (omitDefaults && spec && paramEquals(value, spec.default)) continue
      out[key] = (Array.isArray(value) ? [...(value as number[])] : value) as JsonValue
    }
    return out
  }
  return {
    sources: modulation.sources.map((source) => {
      const out: JsonObject = { id: source.id, type: source.type }
      const values = params(source.params, sources.get(source.type)?.params)
      if (!omitDefaults || Object.keys(values).length > 0) out.params = values
      return out
    }),
    bindings: modulation.bindings.map((binding) => {
      const out: JsonObject = { source: binding.source, layer: binding.layer, param: binding.param }
      if (binding.component !== undefined) out.component = binding.component
      Object.assign(out, params({ depth: binding.depth, offset: binding.offset, curve: binding.curve }, bindingFields.params))
      return out
    }),
  }
}
