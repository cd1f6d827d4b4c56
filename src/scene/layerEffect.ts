/** Effect layers -> postprocessing Effects, and the grouping of effects into as few passes as possible. */
import { BlendFunction, Effect, EffectAttribute } from 'postprocessing'
import type { Uniform } from 'three'
import type { BlendMode } from '../core/blend'
import type { AnyLayerType } from '../core/defineLayer'
import { BLENDING } from './blending'
import type { DreamLayer } from '../core/document'
import { HOST_GLSL, SHARED_HOST_UNIFORMS, type HostUniforms } from './hostUniforms'
import { createParamUniforms, type UniformMap } from './layerUniforms'

export const effectBlend = Object.fromEntries(Object.entries(BLENDING).map(([mode, row]) => [mode, row.effect])) as Record<BlendMode, BlendFunction>

export interface LayerEffect {
  effect: Effect
  params: UniformMap
  convolution: boolean
  /** The effect reads by the output's pixel grid (its declaration's `pixelGrid`): the output stage keeps its own pass. */
  pixelGrid: boolean
  /** The effect reads the pass's input picture in update() (bloom): it must be first in its pass. */
  startsPass: boolean
}

/** Set on an effect whose update() reads the pass's input (see groupIntoPasses). */
export interface ReadsPassInput {
  readonly startsPass: true
}

export function createLayerEffect(layerType: AnyLayerType, layer: DreamLayer, host: HostUniforms): LayerEffect {
  const params = createParamUniforms(layerType, layer.params)
  const uniforms = new Map<string, Uniform>([
    ...SHARED_HOST_UNIFORMS.map((name): [string, Uniform] => [name, host[name]]),
    ...(Object.entries(params) as [string, Uniform][]),
  ])
  const fragment = `${HOST_GLSL}\n${layerType.uniformDeclarations}\n${layerType.fragment}`
  const name = `${layerType.type}-${layer.id}`
  const effect = layerType.createEffect
    ? layerType.createEffect({ name, fragment, uniforms })
    : new Effect(name, fragment, {
        vertexShader: layerType.vertex && `${HOST_GLSL}\n${layerType.uniformDeclarations}\n${layerType.vertex}`,
        uniforms,
        blendFunction: effectBlend[layer.blend],
        attributes: layerType.convolution ? EffectAttribute.CONVOLUTION : EffectAttribute.NONE,
      })
  effect.blendMode.blendFunction = effectBlend[layer.blend]
  return { effect, params, convolution: layerType.convolution === true, pixelGrid: layerType.pixelGrid === true, startsPass: (effect as Partial<ReadsPassInput>).startsPass === true }
}

/**
 * Consecutive effects share one pass (postprocessing merges them into one shader); an effect that samples
 * neighbouring pixels (convolution) cannot share a pass with another such effect, so it starts a new one. An
 * effect that reads the pass's input before the pass draws (bloom) would see the picture from before the
 * effects merged ahead of it (a kaleidoscope's glow left unmirrored), so it starts a pass too.
 */
export function groupIntoPasses<T extends { convolution: boolean; startsPass?: boolean }>(effects: readonly T[]): T[][] {
  const groups: T[][] = []
  let current: T[] = []
  let hasConvolution = false
  for (const item of effects) {
    if ((item.convolution && hasConvolution) || (item.startsPass && current.length > 0)) {
      groups.push(current)
      current = []
      hasConvolution = false
    }
    current.push(item)
    hasConvolution ||= item.convolution
  }
  if (current.length) groups.push(current)
  return groups
}
