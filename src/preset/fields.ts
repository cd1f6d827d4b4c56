/**
 * Field repairs shared by every envelope the loader reads (documents, journeys): what a value is, in words;
 * text fields with a fallback and a length cap; unknown keys dropped. Each repair is a warning with its path.
 */
import type { ParamSet } from '../core/defineParams'
import type { ParamSpecs, ParamValues } from '../core/params'
import { type Warnings } from './errors'
import type { JsonObject } from './json'
import { truncateText } from './text'

/** What a JSON value is, for messages: 'null', 'a list', 'an object', 'text', 'a number', 'a boolean'. */
export const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'text' : `a ${typeof value}`

/** A text field: `fallback` when absent or not text, shortened (never mid-grapheme) when over `max`. */
export function sanitizeText(raw: unknown, fallback: string, max: number, path: string, notes: Warnings): string {
  if (raw === undefined) return fallback
  if (typeof raw !== 'string') {
    notes.add(path, `expected text, found ${kindOf(raw)}; used ${fallback ? `"${fallback}"` : 'nothing'}.`)
    return fallback
  }
  if (raw.length > max) {
    notes.add(path, `${raw.length} characters is longer than the ${max} allowed; shortened.`)
    return truncateText(raw, max)
  }
  return raw
}

/** A warning for each key of `object` not in `known` (the caller reads only the known ones). */
export function dropUnknownKeys(object: JsonObject, known: ReadonlySet<string>, at: (key: string) => string, notes: Warnings): void {
  for (const key of Object.keys(object)) if (!known.has(key)) notes.add(at(key), 'unknown key dropped.')
}

/**
 * The fields of `source` that `set` declares, through its sanitizer: each absent one at its default, each
 * repaired one with a warning at `at(key)`. Other keys are left to the caller (dropUnknownKeys).
 */
export function sanitizeFields<P extends ParamSpecs>(set: ParamSet<P>, source: JsonObject, at: (key: string) => string, notes: Warnings): ParamValues<P> {
  const declared: Record<string, unknown> = {}
  for (const key of Object.keys(set.params)) if (Object.hasOwn(source, key)) declared[key] = source[key]
  const { values, problems } = set.sanitize(declared)
  for (const problem of problems) notes.add(at(problem.key), problem.message)
  return values
}
