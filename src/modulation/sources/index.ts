/**
 * Every modulation source type, in panel order. To add one: create src/modulation/sources/<type>.ts with
 * defineSource and list it here; the schema, sanitizer, panel and morph pick it up.
 */
import { createSourceRegistry, type AnySourceType } from '../defineSource'
import { audio } from './audio'
import { dream } from './dream'
import { lfo } from './lfo'
import { midi } from './midi'
import { pointer } from './pointer'

export const sourceTypes: readonly AnySourceType[] = [lfo, audio, midi, pointer, dream]

export const sourceRegistry = createSourceRegistry(sourceTypes)
