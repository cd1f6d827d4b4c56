/**
 * `dreamscape/preset`: load, validate, serialize and link dreamscapes and journeys, and their JSON Schema.
 * Runs in plain Node and in browsers: it imports neither three nor react nor any GLSL. `registry` knows every
 * built-in layer type's parameters (not its shaders), which is all the loader needs:
 *
 *   import { decodeLink, registry } from 'dreamscape/preset'
 *   const result = decodeLink(link, { registry })
 */
import summaries from 'virtual:dreamscape-layer-summaries'
import type { LayerRegistry } from '../core/defineLayer'
import { registryFromSummaries } from './layerSummaries'

export { PresetError, pathOf, type PresetErrorCode, type PresetWarning } from '../preset/errors'
export { PRESET_LIMITS } from '../preset/limits'
export { loadPreset, loadPresetOrThrow, readJsonText, type LoadOptions, type LoadResult } from '../preset/load'
export { serializePreset, canonicalJson, formatJson, SCHEMA_REFERENCE, type CanonicalOptions } from '../preset/serialize'
export { encodeLink, decodeLink, shareUrl, readLink, encodeLinkJson, decodeLinkJson, LINK_ROUTES, LINK_CODEC } from '../preset/link'
export { parseFragment, looksLikeLink } from '../preset/fragment'
export { documentSchema, REMIX_OF_LENGTH } from '../preset/schema'
export { migrations, migrateDocument, type Migration } from '../preset/migrations'
export { createDocument, createLayer, DOCUMENT_FORMAT, DOCUMENT_VERSION, LIMITS, type DreamDocument, type DreamLayer, type DreamMeta } from '../core/document'
export type { LayerRegistry, AnyLayerType, LayerKind, BlendMode } from '../core/defineLayer'
export type { ParamSpec, ParamSpecs, ParamValue } from '../core/params'
export { createJourney, journeyAt, journeyDuration, JOURNEY_LIMITS, type Journey, type JourneyStop } from '../core/journey'
export { morphDocuments } from '../core/morph'
export { encodeJourneyLink, decodeJourneyLink, loadJourney, journeyJson, JOURNEY_FORMAT, JOURNEY_VERSION, type JourneyLoadResult } from '../preset/journeyLink'
export { summarizeLayer, registryFromSummaries, type LayerSummary } from './layerSummaries'

/**
 * The JSON Schema of preset files for `registry` (editors validate presets with it). Loaded on demand: the
 * generator is a quarter of this module's weight and only tooling needs it. The built-in layers' schema is
 * also shipped as a file: `dreamscape/presets/dreamscape.schema.json`.
 */
export async function loadDocumentJsonSchema(forRegistry: LayerRegistry = registry): Promise<string> {
  const { documentJsonSchema } = await import('../preset/jsonSchema')
  return documentJsonSchema(forRegistry)
}

/** Every built-in layer type, as data: pass it as `{ registry }` to the loader, links and schema. */
export const registry: LayerRegistry = registryFromSummaries(summaries)
