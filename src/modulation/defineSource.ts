/**
 * defineSource: the one declaration of a modulation source type, like defineLayer for layers. Its `params` are
 * the same specs as layer params (src/core/params.ts), so the panel, the zod schema, the sanitizer, the types and
 * the morph all derive from them; `create` builds the per-frame evaluator of one source in a document.
 */
import { defineParams, type ParamSet } from '../core/defineParams'
import type { ParamSpecs, ParamValues } from '../core/params'
import type { ModulationInputs } from './inputs'

/** What every evaluator reads each frame. The modulator fills one such object in place (no allocation). */
export interface SourceFrame {
  /** Dream seconds (the document clock): LFOs run on it, so they are deterministic. */
  time: number
  /** Display seconds since the last frame: smoothing runs on it. 0 on a still. */
  dt: number
  inputs: ModulationInputs
  /** The dream's own signals, 0..1: the night phase and the crash envelope (0 when no crash is scheduled). */
  dream: { night: number; crash: number }
}

/** Fixed facts about one source in one document, known when the document changes (not per frame). */
export interface SourceContext {
  /** The document seed (random LFO shapes derive their stream from it and the id). */
  seed: number
  id: string
}

/**
 * One source's evaluator, called once per frame: writes its value (0..1) to `out[index]`, which holds its value of
 * the last frame (smoothing starts from there). Written, not returned: a double returned from a call the compiler
 * does not inline is boxed, an allocation per source per frame.
 */
export type SourceEvaluator = (frame: SourceFrame, out: Float64Array, index: number) => void

export interface SourceDeclaration<P extends ParamSpecs> {
  /** Stable id used in documents: lower-case. Never rename a shipped type. */
  type: string
  label: string
  /** One sentence for the panel tooltip. */
  description: string
  params: P
  /** The live input this source reads, if any: pages only start that adapter when a document uses it. */
  input?: 'audio' | 'midi' | 'pointer'
  /** Builds the evaluator (called when the document changes, never per frame). */
  create(values: ParamValues<P>, context: SourceContext): SourceEvaluator
}

export interface SourceType<P extends ParamSpecs = ParamSpecs> extends Omit<SourceDeclaration<P>, 'create'>, ParamSet<P> {
  create(values: Readonly<Record<string, unknown>>, context: SourceContext): SourceEvaluator
}
export type AnySourceType = SourceType<ParamSpecs>

export function defineSource<const P extends ParamSpecs>(declaration: SourceDeclaration<P>): SourceType<P> {
  if (!/^[a-z][a-z0-9-]{0,23}$/.test(declaration.type)) throw new Error(`source type "${declaration.type}": ids are lower-case words joined by -`)
  const set = defineParams(`source type "${declaration.type}"`, declaration.params)
  // The modulator hands `create` the values this declaration sanitized: the one place the typed function is erased.
  return { ...declaration, ...set } as unknown as SourceType<P>
}

/** The source types known to an app. */
export interface SourceRegistry {
  readonly all: readonly AnySourceType[]
  get(type: string): AnySourceType | undefined
  has(type: string): boolean
}

export function createSourceRegistry(types: readonly AnySourceType[]): SourceRegistry {
  const byType = new Map<string, AnySourceType>()
  for (const sourceType of types) {
    if (byType.has(sourceType.type)) throw new Error(`source type "${sourceType.type}" is registered twice`)
    byType.set(sourceType.type, sourceType)
  }
  return { all: types, get: (type) => byType.get(type), has: (type) => byType.has(type) }
}

/**
 * A one-pole follower: `out[index]` (the last value) moves towards `target` with a time constant of `attack`
 * seconds when rising and `release` seconds when falling (0 = at once). Frame-rate independent: the same seconds
 * at 30 or 144 Hz. Stateless: the modulator keeps each source's value from frame to frame (and across edits).
 */
export function follow(out: Float64Array, index: number, target: number, dt: number, attack: number, release: number): void {
  const value = out[index]!
  const tau = target > value ? attack : release
  if (tau <= 0) out[index] = target
  else if (dt > 0) out[index] = value + (target - value) * (1 - Math.exp(-dt / tau))
}
