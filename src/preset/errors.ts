/**
 * The loader's vocabulary: every way a preset can be refused, and the notes it leaves when it repairs one.
 * Messages are sentences for people (an artist opening a link), paths point at the JSON that was wrong.
 */
import { PRESET_LIMITS } from './limits'
import { escapeControls, truncateText } from './text'

export type PresetErrorCode =
  | 'too-large'
  | 'bad-encoding'
  | 'bad-json'
  | 'too-deep'
  | 'not-a-preset'
  | 'future-version'
  | 'invalid'
  | 'unknown-layer'
  /** The document asks for more GPU work per pixel than any dreamscape may (src/core/cost.ts). */
  | 'over-budget'

export class PresetError extends Error {
  override readonly name = 'PresetError'
  readonly code: PresetErrorCode
  /** JSON path of the offending value, like `layers[2].params.scale`; '' for the document itself. */
  readonly path: string

  constructor(code: PresetErrorCode, path: string, message: string) {
    // messages quote untrusted text (keys, types): control characters show as escapes, never act
    super(escapeControls(message))
    this.code = code
    this.path = path
  }
}

export interface PresetWarning {
  path: string
  message: string
  /** What strict mode reports this warning as. */
  code?: PresetErrorCode
  /** Only on the last line of a capped list: how many further warnings it stands for. */
  unlisted?: number
}

/** Joins JSON path segments: pathOf('layers', 2, 'params', 'scale') -> 'layers[2].params.scale'. */
export function pathOf(...segments: (string | number)[]): string {
  let out = ''
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment
    else out += `[${escapeControls(JSON.stringify(truncateText(segment, 40) + (segment.length > 40 ? '…' : '')))}]`
  }
  return out
}

/**
 * A problem as one line for a reader who has no separate place for its path (the CLI, logs):
 * "layers[2].opacity: 1.5 is outside 0..1; used 1." Messages never contain their path themselves, so a UI that
 * shows the path beside the message does not repeat it.
 */
export const describeProblem = (problem: { path: string; message: string }) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message)

/**
 * Collects warnings with the cap applied where they are made: past `cap` they are only counted, and the list
 * ends with one "…and N more" line (a hostile file can hold thousands, each costing a message).
 */
export class Warnings {
  private readonly listed: PresetWarning[] = []
  private unlisted = 0
  constructor(readonly cap: number = PRESET_LIMITS.warnings) {}

  /** Adds one warning; the message becomes a sentence (ends with a full stop). */
  add(path: string, message: string, code: PresetErrorCode = 'invalid'): void {
    if (this.listed.length >= this.cap) {
      this.unlisted++
      return
    }
    const sentence = escapeControls(/[.!?)]$/.test(message) ? message : `${message}.`)
    this.listed.push({ path, message: sentence, code })
  }

  /** Adds warnings made elsewhere (another collector's list), with their paths under `prefix`. */
  addAll(warnings: readonly PresetWarning[], prefix = ''): void {
    for (const warning of warnings) {
      if (warning.unlisted !== undefined) {
        this.unlisted += warning.unlisted
        continue
      }
      const path = prefix && warning.path ? `${prefix}.${warning.path}` : prefix || warning.path
      this.add(path, warning.message, warning.code)
    }
  }

  get count(): number {
    return this.listed.length + this.unlisted
  }

  /** The first warning, for strict mode. */
  get first(): PresetWarning | undefined {
    return this.listed[0]
  }

  /** The warnings, ending with the summary of those not listed. */
  list(): PresetWarning[] {
    if (this.unlisted === 0) return [...this.listed]
    const more = `…and ${this.unlisted} more problem${this.unlisted === 1 ? '' : 's'} like these (not listed).`
    return [...this.listed, { path: '', message: more, unlisted: this.unlisted }]
  }
}
