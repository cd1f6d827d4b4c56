/**
 * Format migrations: one function per version step, lifting a document from `from` to `from + 1`.
 * The chain runs from whatever version a file has up to DOCUMENT_VERSION, so every preset ever saved
 * still opens. Adding version N+1 is one entry here (plus its fixture in tests/fixtures/v<N>/):
 *
 *   { from: 1, summary: 'scene.fov moves to scene.camera.fov', migrate: (doc) => ({ ...doc, scene: ... }) }
 *
 * Migrations receive plain, already size-checked JSON of version `from` (unknown content: be defensive)
 * and return plain JSON; the runner sets `version` itself. They run before validation, so they only
 * reshape; sanitize.ts then repairs and checks values against the current declarations.
 */
import { DOCUMENT_VERSION } from '../../core/document'
import { PresetError } from '../errors'
import { truncateText } from '../text'
import type { JsonObject } from '../json'

export interface Migration {
  /** The version this step reads; it produces version `from + 1`. */
  readonly from: number
  /** What changed, for the changelog and for error messages. */
  readonly summary: string
  migrate(document: JsonObject): JsonObject
}

/** The shipped chain. */
export const migrations: readonly Migration[] = [
  // Version 2 adds the optional "modulation" block; absent means nothing moves, so a version 1 file is already
  // a valid version 2 file: the step only raises the version.
  { from: 1, summary: 'modulation (sources and bindings) added; optional, so nothing changes', migrate: (doc) => doc },
]

export interface MigrationResult {
  document: JsonObject
  /** The versions the document passed through, e.g. [1, 2] for a v1 file lifted to v3. */
  applied: number[]
}

/** Checks that `chain` lifts every version below `target` exactly once (a test runs this on the shipped chain). */
export function checkMigrationChain(chain: readonly Migration[], target: number): void {
  for (let version = 1; version < target; version++) {
    const steps = chain.filter((m) => m.from === version)
    if (steps.length !== 1) throw new Error(`migrations: expected exactly one step from version ${version}, found ${steps.length}`)
  }
  for (const m of chain) if (m.from < 1 || m.from >= target) throw new Error(`migrations: a step from version ${m.from} is outside 1..${target - 1}`)
}

export function readVersion(document: JsonObject): number {
  const version = document.version
  if (version === undefined) throw new PresetError('invalid', 'version', 'This dreamscape does not say which format version it uses ("version" is missing).')
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new PresetError('invalid', 'version', `The version ${truncateText(JSON.stringify(version) ?? typeof version, 40)} is not a format version (a whole number from 1).`)
  return version
}

/** Lifts `document` to `target` (DOCUMENT_VERSION by default) through `chain`. */
export function migrateDocument(
  document: JsonObject,
  options: { chain?: readonly Migration[]; target?: number } = {},
): MigrationResult {
  const chain = options.chain ?? migrations
  const target = options.target ?? DOCUMENT_VERSION
  let version = readVersion(document)
  if (version > target)
    throw new PresetError(
      'future-version',
      'version',
      `This dreamscape was saved by a newer Dreamscape (format version ${version}); this one reads up to version ${target}. Update Dreamscape to open it.`,
    )
  const applied: number[] = []
  let current = document
  while (version < target) {
    const step = chain.find((m) => m.from === version)
    if (!step) throw new PresetError('invalid', 'version', `There is no way to upgrade a version ${version} dreamscape to version ${target}.`)
    let next: JsonObject
    try {
      next = step.migrate(current)
    } catch (error) {
      if (error instanceof PresetError) throw error
      const detail = error instanceof Error ? error.message : String(error)
      throw new PresetError('invalid', '', `This version ${version} dreamscape could not be upgraded (${step.summary}): ${detail}`)
    }
    applied.push(version)
    version += 1
    current = { ...next, version }
  }
  return { document: current, applied }
}
