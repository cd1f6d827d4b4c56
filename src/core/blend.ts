/**
 * Blend modes: the one list. Everything else about a mode is a row keyed by it (`satisfies Record<BlendMode, …>`)
 * so a new mode fails to compile until every place has its row: the GPU blend factors, the postprocessing blend
 * function and the fused backdrop pass's weights for blending in registers (src/scene/blending.ts).
 */
export const BLEND_MODES = ['normal', 'add', 'screen', 'multiply'] as const
export type BlendMode = (typeof BLEND_MODES)[number]

