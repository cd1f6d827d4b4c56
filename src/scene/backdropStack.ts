/**
 * Backdrop fusion: the backdrops at the bottom of the stack are drawn by ONE full-screen pass.
 *
 * Drawn one by one, N backdrops are N full-screen triangles, each reading and blending the whole target. At
 * the bottom of the stack nothing has been drawn yet (the target holds the clear colour, transparent black),
 * so the blend of every layer can be done in the shader instead, in registers, exactly as the blend unit
 * would have done it, and the result written once. Blend modes and opacities stay uniforms: moving them never
 * relinks; adding, removing or reordering a backdrop builds another program (three.js caches programs by
 * source, so going back is free).
 *
 * Several layers' GLSL in one program: each slot's parameter uniforms and its `renderLayer` are renamed with
 * `#define` (`zenith` -> `d0_zenith`) while its code is pasted, then `#undef`ed; library files carry include
 * guards that hold when DREAM_FUSED_PASS is defined, so shared noise is compiled once. A type appears at most
 * once per fused pass (its helper functions would collide); a second instance of a type ends the run and
 * draws on its own.
 */
import { NoBlending, ShaderMaterial, Uniform } from 'three'
import type { AnyLayerType, BlendMode } from '../core/defineLayer'
import type { ParamValue } from '../core/params'
import { HOST_GLSL, type HostUniforms } from './hostUniforms'
import { BACKDROP_VERTEX } from './layerMaterial'
import { createParamUniforms, type UniformMap } from './layerUniforms'

/** One layer of a fused pass: its uniforms, written by the frame loop like any layer's. */
export interface BackdropSlot {
  params: UniformMap
  opacity: Uniform<number>
  blend: Uniform<number>
}

export interface FusedBackdrops {
  material: ShaderMaterial
  slots: BackdropSlot[]
}

/** Blend modes as the shader numbers them. */
export const BLEND_CODE: Record<BlendMode, number> = { normal: 0, add: 1, screen: 2, multiply: 3 }

/** Most layers fused into one pass (a long stack splits; keeps programs under sampler/uniform limits). */
export const MAX_FUSED = 8

interface StackEntry {
  layerType: AnyLayerType
}

/**
 * How many layers at the bottom of the stack one fused pass draws: consecutive backdrops drawn behind the
 * scene, each type once, at most MAX_FUSED. Zero when the stack does not start with a backdrop.
 */
export function fusedRunLength(entries: readonly StackEntry[]): number {
  const seen = new Set<string>()
  let length = 0
  for (const { layerType } of entries) {
    if (length >= MAX_FUSED || layerType.kind !== 'backdrop' || layerType.depth === 'over' || seen.has(layerType.type)) break
    seen.add(layerType.type)
    length++
  }
  return length
}

const slotPrefix = (slot: number) => `d${slot}_`

/** The fragment shader of a fused pass over these layer types, bottom first. */
export function fusedFragmentShader(layerTypes: readonly AnyLayerType[]): string {
  const sections = layerTypes.map((layerType, slot) => {
    const prefix = slotPrefix(slot)
    const names = ['renderLayer', ...Object.keys(layerType.params)]
    return [
      `// ---- slot ${slot}: ${layerType.type}`,
      ...names.map((name) => `#define ${name} ${prefix}${name}`),
      layerType.uniformDeclarations,
      layerType.fragment,
      ...names.map((name) => `#undef ${name}`),
      `uniform float ${prefix}opacity;`,
      `uniform int ${prefix}blend;`,
    ].join('\n')
  })
  const composite = layerTypes.map((_, slot) => {
    const prefix = slotPrefix(slot)
    return `  composite(${prefix}renderLayer(dir, vUv), ${prefix}opacity, ${prefix}blend, color, alpha);`
  })
  return `#define DREAM_FUSED_PASS
${HOST_GLSL}
varying vec2 vUv;
varying vec3 vRayDir;
${sections.join('\n')}

// What the blend unit does for one layer (premultiplied colour), done in registers; see applyBlend.
void composite(vec4 layer, float opacity, int mode, inout vec3 color, inout float alpha) {
  float a = clamp(layer.a, 0.0, 1.0) * opacity;
  vec3 rgb = max(layer.rgb, 0.0);
  if (mode == 3) color *= mix(vec3(1.0), rgb, a);          // multiply
  else if (mode == 2) color += rgb * a * (1.0 - color);    // screen
  else if (mode == 1) color += rgb * a;                    // add
  else color = rgb * a + color * (1.0 - a);                // normal
  alpha = a + alpha * (1.0 - a);
}

void main() {
  vec3 dir = normalize(vRayDir);
  vec3 color = vec3(0.0);
  float alpha = 0.0;
${composite.join('\n')}
  gl_FragColor = vec4(color, alpha);
}
`
}

export function createFusedBackdrops(
  layers: readonly { layerType: AnyLayerType; values: Readonly<Record<string, ParamValue>>; blend: BlendMode }[],
  host: HostUniforms,
): FusedBackdrops {
  const uniforms: Record<string, Uniform> = { ...host }
  const slots = layers.map(({ layerType, values, blend }, slot) => {
    const prefix = slotPrefix(slot)
    const params = createParamUniforms(layerType, values)
    for (const [key, uniform] of Object.entries(params)) uniforms[prefix + key] = uniform
    const opacity = new Uniform(1)
    const blendCode = new Uniform(BLEND_CODE[blend])
    uniforms[`${prefix}opacity`] = opacity
    uniforms[`${prefix}blend`] = blendCode
    return { params, opacity, blend: blendCode }
  })
  const material = new ShaderMaterial({
    name: `dream:${layers.map((layer) => layer.layerType.type).join('+')}`,
    uniforms,
    vertexShader: BACKDROP_VERTEX,
    fragmentShader: fusedFragmentShader(layers.map((layer) => layer.layerType)),
    // the first thing drawn: it replaces the clear colour, so nothing to blend with, no depth to test against
    // (the buffer was just cleared) and none to write
    blending: NoBlending,
    depthWrite: false,
    depthTest: false,
  })
  return { material, slots }
}
