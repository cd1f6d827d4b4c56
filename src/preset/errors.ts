/**
 * The loader's vocabulary: every way a preset can be refused, and the notes it leaves when it repairs one.
 * Messages are sentences for people (an artist opening a link), paths point at the JSON that was wrong.
 */
export type PresetErrorCode =
  | 'too-large'
  | 'bad-encoding'
  | 'bad-json'
  | 'too-deep'
  | 'not-a-preset'
  | 'future-version'
  | 'invalid'
  | 'unknown-layer'

export class PresetError extends Error {
  override readonly name = 'PresetError'
  readonly code: PresetErrorCode
  /** JSON path of the offending value, like `layers[2].params.scale`; '' for the document itself. */
  readonly path: string

  constructor(code: PresetErrorCode, path: string, message: string) {
    super(message)
    this.code = code
    this.path = path
  }
}

export interface PresetWarning {
  path: string
  message: string
  /** What strict mode reports this warning as. */
  code?: PresetErrorCode
}

/** Joins JSON path segments: pathOf('layers', 2, 'params', 'scale') -> 'layers[2].params.scale'. */
export function pathOf(...segments: (string | number)[]): string {
  let out = ''
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment
    else out += `[${JSON.stringify(segment.length > 40 ? `${segment.slice(0, 40)}…` : segment)}]`
  }
  return out
}

/** "at layers[2].params.scale: " or "" for the root: the prefix of a message shown with its path. */
export const where = (path: string) => (path ? `at ${path}: ` : '')
