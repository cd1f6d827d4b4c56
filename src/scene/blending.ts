/** How each blend mode is drawn: GPU blend factors for materials, and postprocessing's blend function for effects. */
import { BlendFunction } from 'postprocessing'
import { DstColorFactor, OneFactor, OneMinusDstColorFactor, OneMinusSrcAlphaFactor, ZeroFactor, type BlendingDstFactor, type BlendingSrcFactor } from 'three'
import type { BlendMode } from '../core/blend'

interface BlendRow {
  /** Blend factors for premultiplied colour (materials). */
  src: BlendingSrcFactor
  dst: BlendingDstFactor
  /** The layer outputs a white-mixed factor (mix(1, colour, a)) instead of premultiplied colour. */
  multiplyOutput: boolean
  /** The postprocessing blend function (effects). */
  effect: BlendFunction
}

export const BLENDING = {
  normal: { src: OneFactor, dst: OneMinusSrcAlphaFactor, multiplyOutput: false, effect: BlendFunction.NORMAL },
  add: { src: OneFactor, dst: OneFactor, multiplyOutput: false, effect: BlendFunction.ADD },
  screen: { src: OneMinusDstColorFactor, dst: OneFactor, multiplyOutput: false, effect: BlendFunction.SCREEN },
  multiply: { src: DstColorFactor, dst: ZeroFactor, multiplyOutput: true, effect: BlendFunction.MULTIPLY },
} as const satisfies Record<BlendMode, BlendRow>
