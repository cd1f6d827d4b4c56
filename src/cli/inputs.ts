/**
 * What a command-line argument names, read once for every command: an existing file is a file (even when its
 * name holds a '#'), otherwise text written like a link is a link, anything else a file that is missing.
 * Files are measured before they are read (a 300 MB file must not be read to be refused), JSON Schema files
 * next to the presets are skipped with a note, and a journey is reported as a journey, stop by stop.
 */
import type { DreamDocument } from '../core/document'
import type { Journey } from '../core/journey'
import { PresetError, type PresetErrorCode, type PresetWarning } from '../preset/errors'
import { looksLikeLink } from '../preset/fragment'
import { decodeJourneyLink, loadJourney } from '../preset/journeyLink'
import { PRESET_LIMITS } from '../preset/limits'
import { decodeLink, LINK_ROUTES, readLink } from '../preset/link'
import { loadPreset, type LoadOptions } from '../preset/load'
import type { CommandContext } from './command'

export type LoadedInput =
  | { status: 'ok'; kind: 'document'; document: DreamDocument; warnings: PresetWarning[] }
  | { status: 'ok'; kind: 'journey'; journey: Journey; warnings: PresetWarning[] }
  | { status: 'error'; code: PresetErrorCode | 'unreadable'; path: string; message: string }
  | { status: 'skipped'; reason: string }

type Io = Pick<CommandContext, 'readFile' | 'stat'>

/** 'file' when the argument exists on disk or does not look like a link. */
export async function argumentKind(argument: string, io: Io): Promise<'file' | 'link'> {
  if (await io.stat(argument)) return 'file'
  return looksLikeLink(argument) ? 'link' : 'file'
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KiB`)
const unreadable = (message: string): LoadedInput => ({ status: 'error', code: 'unreadable', path: '', message })

/** A file's text, refused by its size before a byte is read (the loader's own text limit). */
export async function readInputFile(path: string, io: Io): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  const info = await io.stat(path)
  if (!info) return { ok: false, message: 'Cannot read the file (no such file).' }
  if (!info.isFile) return { ok: false, message: 'This is a folder, not a preset file.' }
  if (info.size > PRESET_LIMITS.textBytes)
    return { ok: false, message: `This file is ${sizeText(info.size)}; a dreamscape preset is at most ${PRESET_LIMITS.textBytes / 1024} KiB, so it was not read.` }
  try {
    return { ok: true, text: await io.readFile(path) }
  } catch (error) {
    return { ok: false, message: `Cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).` }
  }
}

/**
 * A file that declares itself a JSON Schema (a "$schema" pointing at a JSON Schema draft and no
 * "format": "dreamscape"), such as presets/dreamscape.schema.json: `presets/*.json` globs include it.
 */
export function isJsonSchemaText(text: string): boolean {
  if (!/"\$schema"\s*:\s*"https?:\/\/json-schema\.org\//.test(text.slice(0, 4096))) return false
  try {
    const json = JSON.parse(text) as Record<string, unknown> | null
    return json !== null && typeof json === 'object' && typeof json.$schema === 'string' && json.format !== 'dreamscape'
  } catch {
    return false
  }
}

const fromError = (error: PresetError): LoadedInput => ({ status: 'error', code: error.code, path: error.path, message: error.message })

/** Loads an argument (file or link, dreamscape or journey) through the one loader. */
export async function loadInput(argument: string, io: Io, options: LoadOptions): Promise<LoadedInput> {
  if ((await argumentKind(argument, io)) === 'link') {
    let route: string
    try {
      route = readLink(argument).route
    } catch (error) {
      if (error instanceof PresetError) return fromError(error)
      throw error
    }
    if (route === LINK_ROUTES.journey) {
      const result = decodeJourneyLink(argument, options)
      return result.ok ? { status: 'ok', kind: 'journey', journey: result.journey, warnings: result.warnings } : fromError(result.error)
    }
    const result = decodeLink(argument, options)
    return result.ok ? { status: 'ok', kind: 'document', document: result.document, warnings: result.warnings } : fromError(result.error)
  }
  const file = await readInputFile(argument, io)
  if (!file.ok) return unreadable(file.message)
  if (isJsonSchemaText(file.text)) return { status: 'skipped', reason: 'a JSON Schema, not a preset' }
  const journey = loadJourney(file.text, options)
  if (journey.ok) return { status: 'ok', kind: 'journey', journey: journey.journey, warnings: journey.warnings }
  // only "this is no journey at all" falls through to the preset loader; a journey with a bad stop says so
  if (journey.error.code !== 'not-a-preset' || journey.error.path !== '') return fromError(journey.error)
  const result = loadPreset(file.text, options)
  return result.ok ? { status: 'ok', kind: 'document', document: result.document, warnings: result.warnings } : fromError(result.error)
}
