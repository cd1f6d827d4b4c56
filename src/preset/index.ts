/** Presets: load (every source), serialize, share links, schema. */
export { PresetError, pathOf, type PresetErrorCode, type PresetWarning } from './errors'
export { PRESET_LIMITS } from './limits'
export { loadPreset, loadPresetOrThrow, readJsonText, type LoadOptions, type LoadResult } from './load'
export { serializePreset, canonicalJson, formatJson, SCHEMA_REFERENCE, type CanonicalOptions } from './serialize'
export { encodeLink, decodeLink, shareUrl, readLink, encodeLinkJson, decodeLinkJson, LINK_ROUTES, LINK_CODEC } from './link'
export { documentSchema, documentJsonSchema, REMIX_OF_LENGTH } from './schema'
export { migrations, migrateDocument, type Migration } from './migrations'
