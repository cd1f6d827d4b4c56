/**
 * The preset format as zod schemas, derived from the same declarations the app runs on (parameter specs,
 * scene settings, limits). `documentSchema(registry)` describes a valid current-version preset file exactly;
 * presets/dreamscape.schema.json is generated from it (`npm run schema`) and a test fails when they drift.
 * The loader itself is more forgiving than this schema: it repairs what it can and warns (see sanitize.ts).
 */
// zod/mini (functional checks) instead of zod's chained API: the same schemas and JSON Schema at a quarter of
// the bundle, which keeps `dreamscape/preset` within its 40 KiB budget.
import * as z from 'zod/mini'
import type { AnyLayerType, LayerRegistry } from '../core/defineLayer'
import { DEFAULT_META, DEFAULT_SEED, DOCUMENT_FORMAT, DOCUMENT_VERSION, LIMITS, SEED_MAX, layerFieldSpecs, sceneType, seedSpec } from '../core/document'
import type { ParamKind, ParamSpec, ParamSpecs, SpecOfKind } from '../core/params'
import { cameraBookmarksSchema } from './cameras'
import { modulationSchema } from './modulation'

export const LAYER_ID = /^[A-Za-z0-9_-]+$/
/** remixOf holds a title or a short address; links inside links would make remixes grow without end. */
export const REMIX_OF_LENGTH = 512
// Declared in core (one place for every default); re-exported for the preset code that always read them here.
export { DEFAULT_META, DEFAULT_SEED, SEED_MAX, layerFieldSpecs, seedSpec }

const COLOR = /^#[0-9a-f]{6}$/

/** One parameter as zod: range-checked, with its default (so a missing value is valid) and its label. */
const number = (min: number, max: number, integer = false) => {
  const base = integer ? z.int() : z.number()
  return base.check(z.minimum(min), z.maximum(max))
}

/** Each kind as zod, with its default. */
const ZOD_KINDS: { readonly [K in ParamKind]: (spec: SpecOfKind<K>) => z.ZodMiniType } = {
  float: (spec) => z._default(number(spec.min, spec.max), spec.default),
  int: (spec) => z._default(number(spec.min, spec.max, true), spec.default),
  bool: (spec) => z._default(z.boolean(), spec.default),
  color: (spec) => z._default(z.string().check(z.regex(COLOR)), spec.default),
  select: (spec) => z._default(z.enum(spec.options as [string, ...string[]]), spec.default),
  vec2: (spec) => z._default(z.tuple([number(spec.min, spec.max), number(spec.min, spec.max)]), [...spec.default] as [number, number]),
  vec3: (spec) =>
    z._default(
      z.tuple([number(spec.min, spec.max), number(spec.min, spec.max), number(spec.min, spec.max)]),
      [...spec.default] as [number, number, number],
    ),
}

export function paramSchema(spec: ParamSpec): z.ZodMiniType {
  // The row for the spec's kind: TypeScript cannot correlate a union's kind with its row.
  const schema = (ZOD_KINDS[spec.kind] as (spec: ParamSpec) => z.ZodMiniType)(spec)
  const meta: { title?: string; description?: string } = {}
  if (spec.label) meta.title = spec.label
  if (spec.hint) meta.description = spec.hint
  return Object.keys(meta).length ? schema.check(z.meta(meta)) : schema
}

export const paramsSchema = (specs: ParamSpecs) =>
  z.strictObject(Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, paramSchema(spec)])))

export function layerSchema(layerType: AnyLayerType) {
  const fields = layerFieldSpecs(layerType)
  return z
    .strictObject({
      id: z.optional(z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength), z.regex(LAYER_ID))).check(
        z.meta({ description: 'unique within the document; assigned on load when missing' }),
      ),
      type: z.literal(layerType.type),
      enabled: paramSchema(fields.enabled),
      opacity: paramSchema(fields.opacity),
      blend: paramSchema(fields.blend),
      params: z._default(paramsSchema(layerType.params), {}),
    })
    .check(z.meta({ title: layerType.label, description: layerType.description }))
}

const maxText = (max: number) => z.string().check(z.maxLength(max))
export const metaSchema = z._default(
  z.strictObject({
    title: z._default(maxText(LIMITS.titleLength), DEFAULT_META.title),
    author: z._default(maxText(LIMITS.authorLength), DEFAULT_META.author),
    description: z._default(maxText(LIMITS.descriptionLength), DEFAULT_META.description),
    remixOf: z.optional(maxText(REMIX_OF_LENGTH)).check(z.meta({ description: 'title or address of the dreamscape this one remixes' })),
  }),
  { ...DEFAULT_META },
)

/** A valid preset file of the current version, for the registry's layer types. */
export function documentSchema(registry: LayerRegistry) {
  const layers = registry.all.map(layerSchema)
  const layer =
    layers.length === 0 ? z.never() : layers.length === 1 ? (layers[0] as z.ZodMiniType) : z.discriminatedUnion('type', layers as [ReturnType<typeof layerSchema>, ...ReturnType<typeof layerSchema>[]])
  return z
    .strictObject({
      $schema: z.optional(z.string()).check(z.meta({ description: 'where editors find this schema' })),
      format: z.literal(DOCUMENT_FORMAT),
      version: z.literal(DOCUMENT_VERSION).check(z.meta({ description: 'format version; older files are upgraded on load' })),
      meta: metaSchema,
      seed: paramSchema(seedSpec),
      scene: z._default(paramsSchema(sceneType.params), {}),
      layers: z._default(z.array(layer).check(z.maxLength(LIMITS.layers)), []),
      cameras: cameraBookmarksSchema,
      modulation: modulationSchema(paramsSchema),
    })
    .check(z.meta({ title: 'Dreamscape preset', description: 'A dreamscape: layers of generative shaders, their settings and a seed.' }))
}

// JSON Schema generation (documentJsonSchema) lives in ./jsonSchema.ts: zod's generator is a quarter of
// `dreamscape/preset`'s weight and only tooling needs it, so the package loads it on demand. Nothing here
// may import it, or it would travel with every loader.
