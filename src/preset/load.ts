/**
 * The one loader for every source (preset file, share link, autosave, CLI):
 *   limits -> decode -> JSON (nesting checked before parsing, copied prototype-safe) -> migrate -> sanitize.
 * It never throws: it returns the document with warnings, or a PresetError with a JSON path and a sentence.
 * Strict mode turns the first warning into an error (the CLI's --strict, CI checks of built-in presets).
 */
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { PresetError, Warnings, type PresetErrorCode, type PresetWarning } from './errors'
import { copyJson, scanJsonText, isJsonObject, parseJsonText, refuseBinary, type JsonValue } from './json'
import { PRESET_LIMITS } from './limits'
import { COST_BUDGET, costBreakdown, documentCost } from '../core/cost'
import { migrateDocument, type Migration } from './migrations'
import { sanitizeDocument } from './sanitize'

export { PresetError, type PresetErrorCode, type PresetWarning }

export type LoadResult = { ok: true; document: DreamDocument; warnings: PresetWarning[] } | { ok: false; error: PresetError }

export interface LoadOptions {
  registry: LayerRegistry
  /** Refuse instead of repairing: the first warning becomes the error. */
  strict?: boolean
  /** For tests of the migration machinery: another chain and target version. */
  migrations?: { chain: readonly Migration[]; target: number }
}

/** Text -> plain JSON, with every limit checked before the step it protects. */
export function readJsonText(text: string, warnings: Warnings): JsonValue {
  if (text.length > PRESET_LIMITS.textBytes)
    throw new PresetError('too-large', '', `This text is ${Math.ceil(text.length / 1024)} KiB; a dreamscape is at most ${PRESET_LIMITS.textBytes / 1024} KiB.`)
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  refuseBinary(body)
  scanJsonText(body)
  return copyJson(parseJsonText(body), warnings)
}

/** Strict mode: the first warning becomes the error, saying how many more there were. */
export function throwFirst(warnings: Warnings): void {
  const first = warnings.first
  if (!first) return
  const others = warnings.count - 1
  const more = others > 0 ? ` (and ${others} more problem${others > 1 ? 's' : ''})` : ''
  throw new PresetError(first.code ?? 'invalid', first.path, `${first.message}${more}`)
}

/** Over the cost budget: a sentence naming the cost and the dearest layers (the canvas lowers quality to fit). */
function budgetProblem(document: DreamDocument, registry: LayerRegistry): string | null {
  const cost = documentCost(document, registry)
  if (cost <= COST_BUDGET) return null
  const dearest = costBreakdown(document, registry).slice(0, 3).map((layer) => `${layer.type} ${Math.round(layer.cost)}`)
  return `This dreamscape asks for about ${Math.round(cost)} noise evaluations per pixel; the budget is ${COST_BUDGET} (dearest layers: ${dearest.join(', ')}). It plays with lowered quality.`
}

/** Marks errors that come from an unexpected exception rather than a check (the fuzz tests look for them). */
export const UNEXPECTED = Symbol('unexpected loader failure')

/** `input`: JSON text, or a value already parsed from JSON (both go through the same checks). */
export function loadPreset(input: unknown, options: LoadOptions): LoadResult {
  try {
    const warnings = new Warnings()
    const json = typeof input === 'string' ? readJsonText(input, warnings) : copyJson(input, warnings)
    if (!isJsonObject(json) || json.format !== 'dreamscape')
      throw new PresetError('not-a-preset', '', 'This is not a dreamscape preset (it has no "format": "dreamscape").')
    const { document: current } = migrateDocument(json, options.migrations ?? {})
    const document = sanitizeDocument(current, options.registry, warnings)
    const overBudget = budgetProblem(document, options.registry)
    if (overBudget) warnings.add('layers', overBudget, 'over-budget')
    if (options.strict) throwFirst(warnings)
    return { ok: true, document, warnings: warnings.list() }
  } catch (error) {
    if (error instanceof PresetError) return { ok: false, error }
    // Only reachable with odd inputs handed in as values (throwing getters, proxies): still a typed error.
    const detail = error instanceof Error ? error.message : String(error)
    const wrapped = new PresetError('invalid', '', `This dreamscape could not be read (${detail.slice(0, 160)}).`)
    Object.defineProperty(wrapped, UNEXPECTED, { value: true })
    return { ok: false, error: wrapped }
  }
}

/** Loads or throws the PresetError: for callers that treat a bad preset as a bug (built-in presets). */
export function loadPresetOrThrow(input: unknown, options: LoadOptions): DreamDocument {
  const result = loadPreset(input, options)
  if (!result.ok) throw result.error
  return result.document
}
