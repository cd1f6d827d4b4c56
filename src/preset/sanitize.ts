/**
 * Turns plain JSON of the current version into a DreamDocument, leniently: values out of range are clamped,
 * unknown parameters and keys dropped, unknown layer types skipped, each with a warning that has a path.
 * What cannot be repaired (a layer list that is not a list, too many layers) is a PresetError.
 * The shape is checked with zod; values are checked by the same param specs the layers declare.
 */
import * as z from 'zod/mini'
import type { LayerRegistry } from '../core/defineLayer'
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, LIMITS, sceneType, type DreamDocument, type DreamLayer, type DreamMeta } from '../core/document'
import { sanitizeParam, type ParamSpec, type ParamValue } from '../core/params'
import type { SceneSettings } from '../core/sceneSettings'
import { PresetError, pathOf, Warnings } from './errors'
import type { JsonObject, JsonValue } from './json'
import { dropUnknownKeys, kindOf, sanitizeText } from './fields'
import { quoteText } from './text'
import { sanitizeCameras } from './cameras'
import { sanitizeModulation } from './modulation'
import { DEFAULT_META, LAYER_ID, REMIX_OF_LENGTH, layerFieldSpecs, seedSpec } from './schema'

const ROOT_KEYS = new Set(['$schema', 'format', 'version', 'meta', 'seed', 'scene', 'layers', 'cameras', 'modulation'])
const LAYER_KEYS = new Set(['id', 'type', 'enabled', 'opacity', 'blend', 'params'])
const META_KEYS = new Set(['title', 'author', 'description', 'remixOf'])

const jsonObject = z.record(z.string(), z.unknown())
/** Containers must have the right shape; leaves are repaired later, so they are not checked here. */
const shapeSchema = z.looseObject({
  meta: z.optional(jsonObject),
  scene: z.optional(jsonObject),
  layers: z.optional(z.array(z.unknown()).check(z.maxLength(LIMITS.layers))),
})

function shapeError(issue: z.core.$ZodIssue, input: JsonObject): PresetError {
  const path = pathOf(...issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s)))
  let value: unknown = input
  for (const segment of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[segment as string]
  if (issue.code === 'too_big' && path === 'layers')
    return new PresetError('too-large', path, `This dreamscape has ${(value as unknown[]).length} layers; at most ${LIMITS.layers} are allowed.`)
  const expected = issue.code === 'invalid_type' ? (issue.expected === 'array' ? 'a list' : issue.expected === 'record' || issue.expected === 'object' ? 'an object' : issue.expected) : 'something else'
  return new PresetError('invalid', path, `Expected ${expected}, found ${kindOf(value)}.`)
}

function sanitizeValue(spec: ParamSpec, raw: unknown, path: string, notes: Warnings): ParamValue {
  if (raw === undefined) return spec.default
  const result = sanitizeParam(spec, raw)
  if (result.problem) notes.add(path, result.problem)
  return result.value
}

function sanitizeMeta(raw: JsonObject | undefined, notes: Warnings): DreamMeta {
  const input = raw ?? {}
  const meta: DreamMeta = {
    title: sanitizeText(input.title, DEFAULT_META.title, LIMITS.titleLength, 'meta.title', notes),
    author: sanitizeText(input.author, DEFAULT_META.author, LIMITS.authorLength, 'meta.author', notes),
    description: sanitizeText(input.description, DEFAULT_META.description, LIMITS.descriptionLength, 'meta.description', notes),
  }
  if (input.remixOf !== undefined) {
    const remixOf = sanitizeText(input.remixOf, '', REMIX_OF_LENGTH, 'meta.remixOf', notes)
    if (remixOf) meta.remixOf = remixOf
  }
  dropUnknownKeys(input, META_KEYS, (key) => pathOf('meta', key), notes)
  return meta
}

/** Ids: kept when valid and unique, else replaced; missing ids get deterministic ones (same file, same ids). */
function assignIds(rawIds: unknown[], notes: Warnings): string[] {
  const valid = (id: unknown): id is string => typeof id === 'string' && id.length <= LIMITS.idLength && LAYER_ID.test(id)
  const taken = new Set<string>()
  const keep = rawIds.map((id) => {
    if (!valid(id) || taken.has(id)) return undefined
    taken.add(id)
    return id
  })
  let counter = 0
  return rawIds.map((id, i) => {
    const kept = keep[i]
    if (kept !== undefined) return kept
    let fresh: string
    do fresh = `l${++counter}`
    while (taken.has(fresh))
    taken.add(fresh)
    if (id !== undefined) notes.add(pathOf('layers', i, 'id'), `${valid(id) ? 'a repeated' : 'an invalid'} layer id; used "${fresh}".`)
    return fresh
  })
}

function sanitizeLayers(raw: unknown[], registry: LayerRegistry, notes: Warnings): DreamLayer[] {
  const candidates: { index: number; source: JsonObject }[] = []
  raw.forEach((entry, index) => {
    const path = pathOf('layers', index)
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      notes.add(path, `expected a layer (an object), found ${kindOf(entry)}; skipped.`)
      return
    }
    const source = entry as JsonObject
    if (typeof source.type !== 'string') {
      notes.add(pathOf('layers', index, 'type'), 'a layer needs a "type"; skipped.')
      return
    }
    if (!registry.has(source.type)) {
      notes.add(path, `unknown layer type ${quoteText(source.type)} skipped (this Dreamscape does not have it).`, 'unknown-layer')
      return
    }
    candidates.push({ index, source })
  })
  const ids = assignIds(candidates.map((c) => c.source.id), notes)
  return candidates.map(({ index, source }, n) => {
    const layerType = registry.get(source.type as string)!
    const fields = layerFieldSpecs(layerType)
    const at = (key: string) => pathOf('layers', index, key)
    dropUnknownKeys(source, LAYER_KEYS, at, notes)
    const { values, problems } = layerType.sanitize(source.params)
    for (const problem of problems) notes.add(problem.key ? pathOf('layers', index, 'params', problem.key) : at('params'), problem.message)
    return {
      id: ids[n] as string,
      type: layerType.type,
      enabled: sanitizeValue(fields.enabled, source.enabled, at('enabled'), notes) as boolean,
      opacity: sanitizeValue(fields.opacity, source.opacity, at('opacity'), notes) as number,
      blend: sanitizeValue(fields.blend, source.blend, at('blend'), notes) as DreamLayer['blend'],
      params: values,
    }
  })
}

/** Current-version JSON -> a valid document plus warnings; throws PresetError for what cannot be repaired. */
/** `notes` collects the repairs (pass the loader's collector so one cap covers every stage). */
export function sanitizeDocument(input: JsonValue, registry: LayerRegistry, notes: Warnings = new Warnings()): DreamDocument {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || input.format !== DOCUMENT_FORMAT)
    throw new PresetError('not-a-preset', '', 'This is not a dreamscape preset (it has no "format": "dreamscape").')
  const shape = shapeSchema.safeParse(input)
  if (!shape.success) throw shapeError(shape.error.issues[0]!, input)
  dropUnknownKeys(input, ROOT_KEYS, (key) => pathOf(key), notes)
  const meta = sanitizeMeta(input.meta as JsonObject | undefined, notes)
  const seed = sanitizeValue(seedSpec, input.seed, 'seed', notes) as number
  const scene = sceneType.sanitize(input.scene)
  for (const problem of scene.problems) notes.add(problem.key ? pathOf('scene', problem.key) : 'scene', problem.message)
  const layers = sanitizeLayers((input.layers as unknown[] | undefined) ?? [], registry, notes)
  const document: DreamDocument = {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    meta,
    seed,
    scene: scene.values as SceneSettings,
    layers,
  }
  const cameras = sanitizeCameras(input.cameras, (path, message) => notes.add(path, message))
  if (cameras) document.cameras = cameras
  const modulation = sanitizeModulation(input.modulation, layers, registry, notes)
  if (modulation) document.modulation = modulation
  return document
}
