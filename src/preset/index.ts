/** Presets: load (every source), serialize, share links, schema. */
export { PresetError, pathOf, type PresetErrorCode, type PresetWarning } from './errors'
export { PRESET_LIMITS } from './limits'
export { loadPreset, loadPresetOrThrow, readJsonText, type LoadOptions, type LoadResult } from './load'
export { serializePreset, canonicalJson, formatJson, SCHEMA_REFERENCE, type CanonicalOptions } from './serialize'
export { encodeLink, decodeLink, shareUrl, readLink, encodeLinkJson, encodeLinkText, decodeLinkJson, LINK_ROUTES, LINK_CODEC, LINK_CODECS } from './link'
export { parseFragment, FRAGMENT_ROUTES, type Fragment } from './fragment'
export { documentSchema, documentJsonSchema, REMIX_OF_LENGTH } from './schema'
export { migrations, migrateDocument, type Migration } from './migrations'
