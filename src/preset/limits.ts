/**
 * Limits checked before each expensive step, so a hostile link or file costs little to refuse.
 * Sizes are in characters of text (JSON) or of the link payload.
 */
import { LIMITS } from '../core/document'

export const PRESET_LIMITS = {
  /** A share link's payload (or a whole link) before any decoding. */
  linkChars: 8192,
  /** Decompressed link payloads and preset files alike: real presets are a few KiB. */
  textBytes: 256 * 1024,
  /** Nesting of objects and arrays; a document needs 5 (root > layers > [i] > params > vec). */
  depth: 32,
  /** Longest single string anywhere in the JSON (descriptions are the longest real text). */
  stringChars: 4096,
  /** Longest array anywhere in the JSON (the layer list is checked against LIMITS.layers later). */
  arrayLength: 256,
  /** Keys in one object (the largest declaration has about 20 parameters). */
  objectKeys: 64,
  /**
   * Values of any kind in one text (estimated from the text before parsing, counted exactly while copying):
   * bounds the work of every later step. A full 32-layer document has about 2,000; a 12-stop journey of
   * link-sized documents a few thousand.
   */
  nodes: 8_000,
  /** Warnings listed one by one; the rest are counted in a last one (each costs a message). */
  warnings: 100,
  layers: LIMITS.layers,
} as const

export type PresetLimits = { readonly [K in keyof typeof PRESET_LIMITS]: number }
