/**
 * The preset format as zod schemas, derived from the same declarations the app runs on (parameter specs,
 * scene settings, limits). `documentSchema(registry)` describes a valid current-version preset file exactly;
 * presets/dreamscape.schema.json is generated from it (`npm run schema`) and a test fails when they drift.
 * The loader itself is more forgiving than this schema: it repairs what it can and warns (see sanitize.ts).
 */
import { z } from 'zod'
import { BLEND_MODES, type AnyLayerType, type LayerRegistry } from '../core/defineLayer'
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, LIMITS, sceneType } from '../core/document'
import { p, type ParamSpec, type ParamSpecs } from '../core/params'

export const LAYER_ID = /^[A-Za-z0-9_-]+$/
/** remixOf holds a title or a short address; links inside links would make remixes grow without end. */
export const REMIX_OF_LENGTH = 512
export const SEED_MAX = 0xffff_ffff
export const DEFAULT_SEED = 1
export const DEFAULT_META = { title: 'Untitled dream', author: '', description: '' } as const

/** The fields every layer has besides its params, as param specs so they sanitize like params. */
export const layerFieldSpecs = (layerType?: AnyLayerType) =>
  ({
    enabled: p.bool(true, { hint: 'hidden layers stay in the document' }),
    opacity: p.float(1, { min: 0, max: 1, hint: 'how strongly the layer shows' }),
    blend: p.select(layerType?.blend ?? 'normal', BLEND_MODES, { hint: 'how the layer combines with what is below' }),
  }) as const
export const seedSpec = p.int(DEFAULT_SEED, { min: 0, max: SEED_MAX, hint: 'seeds every random thing: noise, geometry, the crash schedule' })

const COLOR = /^#[0-9a-f]{6}$/

/** One parameter as zod: range-checked, with its default (so a missing value is valid) and its label. */
export function paramSchema(spec: ParamSpec): z.ZodType {
  const number = (min: number, max: number, integer = false) => {
    const base = integer ? z.number().int() : z.number()
    return base.min(min).max(max)
  }
  let schema: z.ZodType
  switch (spec.kind) {
    case 'float':
      schema = number(spec.min, spec.max).default(spec.default)
      break
    case 'int':
      schema = number(spec.min, spec.max, true).default(spec.default)
      break
    case 'bool':
      schema = z.boolean().default(spec.default)
      break
    case 'color':
      schema = z.string().regex(COLOR).default(spec.default)
      break
    case 'select':
      schema = z.enum(spec.options as [string, ...string[]]).default(spec.default)
      break
    case 'vec2':
      schema = z.tuple([number(spec.min, spec.max), number(spec.min, spec.max)]).default([...spec.default] as [number, number])
      break
    case 'vec3':
      schema = z
        .tuple([number(spec.min, spec.max), number(spec.min, spec.max), number(spec.min, spec.max)])
        .default([...spec.default] as [number, number, number])
      break
  }
  const meta: { title?: string; description?: string } = {}
  if (spec.label) meta.title = spec.label
  if (spec.hint) meta.description = spec.hint
  return Object.keys(meta).length ? schema.meta(meta) : schema
}

export const paramsSchema = (specs: ParamSpecs) =>
  z.strictObject(Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, paramSchema(spec)])))

export function layerSchema(layerType: AnyLayerType) {
  const fields = layerFieldSpecs(layerType)
  return z
    .strictObject({
      id: z.string().min(1).max(LIMITS.idLength).regex(LAYER_ID).optional().meta({
        description: 'unique within the document; assigned on load when missing',
      }),
      type: z.literal(layerType.type),
      enabled: paramSchema(fields.enabled),
      opacity: paramSchema(fields.opacity),
      blend: paramSchema(fields.blend),
      params: paramsSchema(layerType.params).default({}),
    })
    .meta({ title: layerType.label, description: layerType.description })
}

export const metaSchema = z
  .strictObject({
    title: z.string().max(LIMITS.titleLength).default(DEFAULT_META.title),
    author: z.string().max(LIMITS.authorLength).default(DEFAULT_META.author),
    description: z.string().max(LIMITS.descriptionLength).default(DEFAULT_META.description),
    remixOf: z.string().max(REMIX_OF_LENGTH).optional().meta({ description: 'title or address of the dreamscape this one remixes' }),
  })
  .default({ ...DEFAULT_META })

/** A valid preset file of the current version, for the registry's layer types. */
export function documentSchema(registry: LayerRegistry) {
  const layers = registry.all.map(layerSchema)
  const layer =
    layers.length === 0 ? z.never() : layers.length === 1 ? (layers[0] as z.ZodType) : z.discriminatedUnion('type', layers as [ReturnType<typeof layerSchema>, ...ReturnType<typeof layerSchema>[]])
  return z
    .strictObject({
      $schema: z.string().optional().meta({ description: 'where editors find this schema' }),
      format: z.literal(DOCUMENT_FORMAT),
      version: z.literal(DOCUMENT_VERSION).meta({ description: 'format version; older files are upgraded on load' }),
      meta: metaSchema,
      seed: paramSchema(seedSpec),
      scene: paramsSchema(sceneType.params).default({}),
      layers: z.array(layer).max(LIMITS.layers).default([]),
    })
    .meta({ title: 'Dreamscape preset', description: 'A dreamscape: layers of generative shaders, their settings and a seed.' })
}

/** The JSON Schema text committed as presets/dreamscape.schema.json. */
export function documentJsonSchema(registry: LayerRegistry): string {
  const schema = z.toJSONSchema(documentSchema(registry), { io: 'input', target: 'draft-2020-12' })
  return `${JSON.stringify(schema, null, 2)}\n`
}
