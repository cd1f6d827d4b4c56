/** How each blend mode is drawn: GPU blend factors for materials, and postprocessing's blend function for effects. */
import { BlendFunction } from 'postprocessing'
import { DstColorFactor, OneFactor, OneMinusDstColorFactor, OneMinusSrcAlphaFactor, ZeroFactor, type BlendingDstFactor, type BlendingSrcFactor, type ShaderMaterial } from 'three'
import type { BlendMode } from '../core/blend'

interface BlendRow {
  /** Blend factors for premultiplied colour (materials). */
  src: BlendingSrcFactor
  dst: BlendingDstFactor
  /** The layer outputs a white-mixed factor (mix(1, colour, a)) instead of premultiplied colour. */
  multiplyOutput: boolean
  /** The postprocessing blend function (effects). */
  effect: BlendFunction
  /**
   * The fused backdrop pass's weights w for blending in registers (src/scene/backdropStack.ts): colour becomes
   * colour * (1 - a w.x + rgb w.y) + rgb w.z for a layer's premultiplied (rgb, a), which is this mode's blend.
   */
  registers: readonly [number, number, number]
}

export const BLENDING = {
  // rgb + colour (1 - a)
  normal: { src: OneFactor, dst: OneMinusSrcAlphaFactor, multiplyOutput: false, effect: BlendFunction.NORMAL, registers: [1, 0, 1] },
  // colour + rgb
  add: { src: OneFactor, dst: OneFactor, multiplyOutput: false, effect: BlendFunction.ADD, registers: [0, 0, 1] },
  // colour + rgb (1 - colour)
  screen: { src: OneMinusDstColorFactor, dst: OneFactor, multiplyOutput: false, effect: BlendFunction.SCREEN, registers: [0, -1, 1] },
  // colour mix(1, colour, a) = colour (1 - a + rgb)
  multiply: { src: DstColorFactor, dst: ZeroFactor, multiplyOutput: true, effect: BlendFunction.MULTIPLY, registers: [1, 1, 0] },
} as const satisfies Record<BlendMode, BlendRow>

/**
 * Whether a layer's material draws opaque this frame: at full opacity (its uOpacity) with the normal blend, each
 * pixel it draws hides what was behind it, so what lies behind may be left out or drawn first and rejected.
 */
export const drawsOpaque = (material: ShaderMaterial): boolean =>
  (material.uniforms.uOpacity?.value as number) >= 1 && material.blendSrc === BLENDING.normal.src && material.blendDst === BLENDING.normal.dst
