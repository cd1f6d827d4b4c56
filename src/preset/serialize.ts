/**
 * Canonical serialization: a fixed key order (envelope order, then each declaration's parameter order), so
 * equal dreamscapes give equal text and diffs of preset files stay small. Files get "$schema" first and
 * every value; links omit values equal to their defaults (the loader restores them). Numbers are written at the
 * precision of their parameter's declared step (src/core/precision.ts), so no float noise is ever saved.
 */
import type { LayerRegistry } from '../core/defineLayer'
import { DOCUMENT_FORMAT, sceneType, type DreamDocument, type DreamLayer } from '../core/document'
import { paramEquals, type ParamSpecs, type ParamValue } from '../core/params'
import { roundParam } from '../core/precision'
import type { JsonObject, JsonValue } from './json'
import { DEFAULT_META, DEFAULT_SEED, layerFieldSpecs } from './schema'
import { canonicalModulation } from './modulation'

/** What preset files in presets/ point at. */
export const SCHEMA_REFERENCE = './dreamscape.schema.json'

export interface CanonicalOptions {
  /** Needed to order params by declaration and to omit param defaults; without it params are sorted by key. */
  registry?: LayerRegistry
  /** Leave out every value equal to its default (links). */
  omitDefaults?: boolean
  /** The "$schema" reference, or false for none. */
  schema?: string | false
}

const copyValue = (value: ParamValue): JsonValue => (Array.isArray(value) ? [...(value as number[])] : (value as JsonValue))

function orderedParams(values: Readonly<Record<string, ParamValue>>, specs: ParamSpecs | undefined, omitDefaults: boolean): JsonObject {
  const out: JsonObject = {}
  const keys = specs ? [...Object.keys(specs), ...Object.keys(values).filter((k) => !Object.hasOwn(specs, k)).sort()] : Object.keys(values).sort()
  for (const key of keys) {
    if (!Object.hasOwn(values, key)) continue
    const spec = specs?.[key]
    // at the precision of the declared step: no float noise (2.2199999999999998) in files, links or autosave
    const value = spec ? roundParam(spec, values[key] as ParamValue) : (values[key] as ParamValue)
    if (omitDefaults && spec && paramEquals(value, spec.default)) continue
    out[key] = copyValue(value)
  }
  return out
}

function canonicalLayer(layer: DreamLayer, registry: LayerRegistry | undefined, omitDefaults: boolean): JsonObject {
  const layerType = registry?.get(layer.type)
  const fields = layerFieldSpecs(layerType)
  const out: JsonObject = { id: layer.id, type: layer.type }
  if (!omitDefaults || layer.enabled !== fields.enabled.default) out.enabled = layer.enabled
  const opacity = roundParam(fields.opacity, layer.opacity) as number
  if (!omitDefaults || opacity !== fields.opacity.default) out.opacity = opacity
  // Without the type's declaration its default blend is unknown, so it is always written.
  if (!omitDefaults || !layerType || layer.blend !== fields.blend.default) out.blend = layer.blend
  const params = orderedParams(layer.params, layerType?.params, omitDefaults && !!layerType)
  if (!omitDefaults || Object.keys(params).length > 0) out.params = params
  return out
}

/** The document as plain JSON in canonical key order. */
export function canonicalJson(doc: DreamDocument, options: CanonicalOptions = {}): JsonObject {
  const omit = options.omitDefaults ?? false
  const out: JsonObject = {}
  const schema = options.schema ?? false
  if (schema) out.$schema = schema
  out.format = DOCUMENT_FORMAT
  out.version = doc.version
  const meta: JsonObject = {}
  for (const key of ['title', 'author', 'description'] as const)
    if (!omit || doc.meta[key] !== DEFAULT_META[key]) meta[key] = doc.meta[key]
  if (doc.meta.remixOf !== undefined) meta.remixOf = doc.meta.remixOf
  if (!omit || Object.keys(meta).length > 0) out.meta = meta
  if (!omit || doc.seed !== DEFAULT_SEED) out.seed = doc.seed
  const scene = orderedParams(doc.scene as unknown as Record<string, ParamValue>, sceneType.params, omit)
  if (!omit || Object.keys(scene).length > 0) out.scene = scene
  out.layers = doc.layers.map((layer) => canonicalLayer(layer, options.registry, omit))
  // saved views are written only when there are some: most documents have none
  if (doc.cameras?.length)
    out.cameras = doc.cameras.map((view) => ({ name: view.name, position: [...view.position], target: [...view.target] }))
  // likewise modulation: written only when something moves
  if (doc.modulation && (doc.modulation.sources.length > 0 || doc.modulation.bindings.length > 0))
    out.modulation = canonicalModulation(doc.modulation, omit)
  return out
}

const isPrimitive = (value: JsonValue) => value === null || typeof value !== 'object'

/** JSON with two-space indents, where lists of plain values (vectors) stay on one line. */
export function formatJson(value: JsonValue, indent = ''): string {
  if (isPrimitive(value)) return JSON.stringify(value)
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    if (value.every(isPrimitive)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value)
  if (entries.length === 0) return '{}'
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`
}

/** A preset file's text: canonical, "$schema" first, ending in a newline. */
export function serializePreset(doc: DreamDocument, options: CanonicalOptions = {}): string {
  return `${formatJson(canonicalJson(doc, { schema: SCHEMA_REFERENCE, ...options }))}\n`
}
