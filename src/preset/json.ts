/**
 * JSON without surprises: nesting is measured before JSON.parse (a scan, no recursion), and every parsed
 * value is copied iteratively into fresh plain objects, checking the limits as it goes. Keys that could
 * reach a prototype (`__proto__`, `constructor`, `prototype`) are dropped here, so nothing later can
 * touch Object.prototype whatever it does with the copy.
 */
import { PresetError, pathOf, type Warnings } from './errors'
import { findJsonSyntaxProblem } from './jsonSyntax'
import { PRESET_LIMITS, type PresetLimits } from './limits'

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

const OPEN_BRACE = 123
const OPEN_BRACKET = 91
const CLOSE_BRACE = 125
const CLOSE_BRACKET = 93
const QUOTE = 34
const BACKSLASH = 92

const COMMA = 44

/**
 * Scans JSON text before parsing it (JSON.parse and recursive checks overflow on deep input, and parsing a
 * huge list costs more than refusing it): refuses nesting deeper than `limits.depth` and texts holding
 * more values than `limits.nodes` (estimated from commas and brackets outside strings, never below the
 * real count).
 */
export function scanJsonText(text: string, limits: PresetLimits = PRESET_LIMITS): void {
  let depth = 0
  let values = 1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (c === COMMA) values++
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      values++
      if (++depth > limits.depth)
        throw new PresetError('too-deep', '', `This text nests lists and objects more than ${limits.depth} levels deep; a dreamscape needs far fewer, so it was not read.`)
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--
  }
  if (values > limits.nodes)
    throw new PresetError('too-large', '', `This text holds about ${values} values; a dreamscape needs far fewer than ${limits.nodes}, so it was not read.`)
}

// Control characters other than tab, line feed and carriage return are never valid JSON (not even inside
// quotes); several of them, or a NUL, mean the bytes are an image, an archive or the like.
// oxlint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g

/** Refuses binary data with a sentence (its control bytes never reach a message). */
export function refuseBinary(text: string): void {
  const sample = text.slice(0, 8192)
  const controls = sample.match(CONTROL)?.length ?? 0
  if (sample.includes('\u0000') || controls >= 3)
    throw new PresetError('bad-json', '', 'This looks like a binary file (an image, an archive or the like), not a dreamscape preset.')
}

/** JSON.parse with a sentence a person can act on: what is wrong, at which line and column. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    if (text.trim() === '') throw new PresetError('bad-json', '', 'This is empty: a dreamscape preset is JSON text starting with "{".')
    const found = findJsonSyntaxProblem(text)
    const problem = found ? `${found.problem} at line ${found.line}, column ${found.column}` : 'it could not be read'
    throw new PresetError('bad-json', '', `This is not valid JSON: ${problem}.`)
  }
}

const describeKind = (value: unknown) =>
  value === undefined ? 'undefined' : typeof value === 'object' ? (value?.constructor?.name ?? 'an object without prototype') : typeof value

interface Task {
  value: unknown
  depth: number
  key: string | number | undefined
  parent: Task | undefined
  put: (copy: JsonValue) => void
}

function taskPath(task: Task | undefined): string {
  const segments: (string | number)[] = []
  for (let t = task; t && t.key !== undefined; t = t.parent) segments.push(t.key)
  return pathOf(...segments.reverse())
}

/**
 * Copies untrusted data (parsed JSON, or a value handed to the loader) into fresh plain JSON, iteratively.
 * Throws PresetError when a limit is passed or the data is not plain JSON; drops unsafe keys with a warning.
 * Object properties that are `undefined` are treated as absent (as JSON.stringify would).
 */
export function copyJson(input: unknown, warnings: Warnings, limits: PresetLimits = PRESET_LIMITS): JsonValue {
  let result: JsonValue = null
  const stack: Task[] = [{ value: input, depth: 0, key: undefined, parent: undefined, put: (v) => (result = v) }]
  let nodes = 0
  for (let task = stack.pop(); task; task = stack.pop()) {
    const { value, depth } = task
    if (++nodes > limits.nodes)
      throw new PresetError('too-large', '', `This holds more than ${limits.nodes} values; a dreamscape needs far fewer, so it was not read.`)
    if (value === null || typeof value === 'boolean') {
      task.put(value)
      continue
    }
    if (typeof value === 'number') {
      task.put(value === 0 ? 0 : value) // -0 is not JSON: it would print as 0, so equal texts would differ as values
      continue
    }
    if (typeof value === 'string') {
      if (value.length > limits.stringChars)
        throw new PresetError('too-large', taskPath(task), `A text of ${value.length} characters is longer than the ${limits.stringChars} allowed.`)
      task.put(value)
      continue
    }
    if (typeof value !== 'object')
      throw new PresetError('invalid', taskPath(task), `This value (${describeKind(value)}) is not JSON data.`)
    if (depth >= limits.depth)
      throw new PresetError('too-deep', taskPath(task), `Lists and objects nest more than ${limits.depth} levels deep.`)
    if (Array.isArray(value)) {
      if (value.length > limits.arrayLength)
        throw new PresetError('too-large', taskPath(task), `A list of ${value.length} items is longer than the ${limits.arrayLength} allowed.`)
      const copy: JsonValue[] = new Array<JsonValue>(value.length).fill(null)
      task.put(copy)
      for (let i = value.length - 1; i >= 0; i--) {
        if (value[i] === undefined) throw new PresetError('invalid', taskPath(task), `Item ${i} is undefined, which is not JSON.`)
        stack.push({ value: value[i] as unknown, depth: depth + 1, key: i, parent: task, put: (v) => (copy[i] = v) })
      }
      continue
    }
    const proto = Object.getPrototypeOf(value) as unknown
    if (proto !== Object.prototype && proto !== null)
      throw new PresetError('invalid', taskPath(task), `This value (${describeKind(value)}) is not plain JSON data.`)
    const keys = Object.keys(value)
    if (keys.length > limits.objectKeys)
      throw new PresetError('too-large', taskPath(task), `An object with ${keys.length} keys has more than the ${limits.objectKeys} allowed.`)
    const copy: JsonObject = {}
    task.put(copy)
    const children: Task[] = []
    for (const key of keys) {
      const child = (value as Record<string, unknown>)[key]
      if (UNSAFE_KEYS.has(key)) {
        const path = taskPath({ value, depth, key, parent: task, put: () => {} })
        warnings.add(path, `the key "${key}" is never accepted; dropped.`)
        continue
      }
      if (child === undefined) continue
      copy[key] = null // reserves the key's place so the copy keeps the original key order
      children.push({ value: child, depth: depth + 1, key, parent: task, put: (v) => (copy[key] = v) })
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Task)
  }
  return result
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
