/**
 * Materials for backdrop and object layers, built from a layer declaration. The program depends only on
 * the layer type, so sliders, opacity and even blend mode changes never relink it.
 */
import { CustomBlending, OneFactor, OneMinusSrcAlphaFactor, ShaderMaterial, Uniform } from 'three'
import type { BlendMode } from '../core/blend'
import type { AnyLayerType } from '../core/defineLayer'
import { BLENDING } from './blending'
import type { ParamValue } from '../core/params'
import { CAMERA_GLSL, HOST_GLSL, OUTPUT_UNIFORMS_GLSL, type HostUniforms } from './hostUniforms'
import { insetGlsl } from './insetPass'
import { createParamUniforms, type UniformMap } from './layerUniforms'

/** Shared output helper: premultiplied colour for normal/add/screen, a white-mixed factor for multiply. */
const OUTPUT_GLSL = `
${OUTPUT_UNIFORMS_GLSL}
vec4 dreamOutput(vec3 rgb, float alpha) {
  float a = clamp(alpha, 0.0, 1.0) * uOpacity;
  return uMultiply ? vec4(mix(vec3(1.0), rgb, a), a) : vec4(max(rgb, 0.0) * a, a);
}
`

/** Backdrops: one triangle on the far plane, with the camera's view ray per pixel. */
export const BACKDROP_VERTEX = `
${CAMERA_GLSL}
varying vec2 vUv;
varying vec3 vRayDir;
void main() {
  vUv = position.xy * 0.5 + 0.5;
  vec4 view = uInverseProjection * vec4(position.xy, 1.0, 1.0);
  vRayDir = (uCameraWorld * vec4(view.xyz / view.w, 0.0)).xyz;
  // On the far plane: with depth testing, 'behind' backdrops only fill where no object was drawn.
  gl_Position = vec4(position.xy, 1.0, 1.0);
}
`

// a declared soft part (premultiplied light) is evaluated in place here and added at the layer's opacity, which
// is what every blend's output does with light added to the layer's own (multiply included: mix(1, c, a) + light)
const backdropFragment = (layer: string, softPart: boolean, inset: boolean) => `
varying vec2 vUv;
varying vec3 vRayDir;
${inset ? insetGlsl(false) : ''}
${layer}
void main() {
  vec3 dir = normalize(vRayDir);
  vec4 layerColor = renderLayer(dir, vUv);
  gl_FragColor = dreamOutput(layerColor.rgb, layerColor.a)${softPart ? ' + vec4(renderSoftPart(dir, vUv).rgb * uOpacity, 0.0)' : ''};
}
`

export interface LayerMaterial {
  material: ShaderMaterial
  params: UniformMap
}

export function applyBlend(material: ShaderMaterial, blend: BlendMode): void {
  material.blending = CustomBlending
  const row = BLENDING[blend]
  material.blendSrc = row.src
  material.blendDst = row.dst
  material.blendSrcAlpha = OneFactor
  material.blendDstAlpha = OneMinusSrcAlphaFactor
  ;(material.uniforms.uMultiply as Uniform<boolean>).value = row.multiplyOutput
}

export function createLayerMaterial(
  layerType: AnyLayerType,
  values: Readonly<Record<string, ParamValue>>,
  host: HostUniforms,
): LayerMaterial {
  const params = createParamUniforms(layerType, values)
  const header = `${HOST_GLSL}\n${OUTPUT_GLSL}\n${layerType.uniformDeclarations}\n`
  const isBackdrop = layerType.kind === 'backdrop'
  const material = new ShaderMaterial({
    name: `dream:${layerType.type}`,
    uniforms: { ...host, ...params, uOpacity: new Uniform(1), uMultiply: new Uniform(false) },
    vertexShader: isBackdrop
      ? `${BACKDROP_VERTEX}`
      : `${HOST_GLSL}\n${layerType.uniformDeclarations}\n${layerType.vertex ?? ''}`,
    fragmentShader: header + (isBackdrop ? backdropFragment(layerType.fragment, layerType.softPart !== undefined, layerType.inset !== undefined) : layerType.fragment),
    transparent: true,
    depthWrite: !isBackdrop,
    depthTest: !(isBackdrop && layerType.depth === 'over'),
  })
  return { material, params }
}
