/**
 * Dreamscape as a library: declare layer types, load, validate and serialize presets, make and read share
 * links, morph documents, and embed a dreamscape in a page.
 */
export { p, type ParamSpec, type ParamSpecs, type ParamValue, type ParamValues } from './core/params'
export { defineLayer, createRegistry, BLEND_MODES, type LayerType, type AnyLayerType, type LayerDeclaration, type LayerRegistry, type LayerKind, type BlendMode } from './core/defineLayer'
export { createDocument, createLayer, DOCUMENT_FORMAT, DOCUMENT_VERSION, LIMITS, type DreamDocument, type DreamLayer, type DreamMeta } from './core/document'
export { sceneParams, type SceneSettings } from './core/sceneSettings'
export * as documentOps from './core/documentOps'
export { createDreamStore, type DreamStore } from './core/dreamStore'
export { mulberry32, seededRandom, seededNoise2D, seededNoise3D } from './core/random'
export { layerTypes, registry } from './layers'
export { loadPreset, type LoadResult } from './preset/load'
export { PresetError, type PresetErrorCode, type PresetWarning } from './preset/errors'
export { serializePreset } from './preset/serialize'
export { encodeLink, decodeLink, shareUrl } from './preset/link'
export { documentJsonSchema } from './preset/schema'
export { DreamScene } from './scene/DreamScene'
export { DreamCanvas } from './scene/DreamCanvas'
export { DreamClock } from './scene/clock'
export { mountDreamscape, type EmbedOptions, type EmbeddedDreamscape } from './embed'
export { morphDocuments, planMorph } from './core/morph'
export { createJourney, type Journey, type JourneyStop } from './core/journey'
