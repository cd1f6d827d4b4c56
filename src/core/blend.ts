/**
 * Blend modes: the one list. Everything else about a mode is a row keyed by it (`satisfies Record<BlendMode, …>`)
 * so a new mode fails to compile until every place has its row: the GPU blend factors and the postprocessing
 * blend function (src/scene/blending.ts), and the fused backdrop pass, which compares `mode == BLEND_<MODE>`
 * against the codes below (src/scene/backdropStack.ts).
 */
export const BLEND_MODES = ['normal', 'add', 'screen', 'multiply'] as const
export type BlendMode = (typeof BLEND_MODES)[number]

/** A mode's code in shaders: its index in BLEND_MODES. */
export const BLEND_CODE = Object.fromEntries(BLEND_MODES.map((mode, code) => [mode, code])) as Readonly<Record<BlendMode, number>>

/** `#define BLEND_NORMAL 0` ...: the codes as GLSL constants, for shaders that blend in registers. */
export const BLEND_GLSL = BLEND_MODES.map((mode, code) => `#define BLEND_${mode.toUpperCase()} ${code}`).join('\n')
