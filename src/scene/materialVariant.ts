import { ShaderMaterial } from 'three'

/**
 * A layer material's second program: the same uniforms (the very objects, so the host's per-frame writes reach
 * both), shaders and draw state, with extra `defines` that compile a part in or out. An object layer draws part
 * of itself with it (the water under an opaque sky, the islands' strands); keep its draw state current with
 * `copyDrawState` each frame, as the host changes it on the layer's own material only.
 */
export function materialVariant(material: ShaderMaterial, defines: Record<string, string>): ShaderMaterial {
  // not material.clone(): that copies the uniforms' values, and cannot copy render targets held in them
  const variant = new ShaderMaterial({
    name: material.name,
    glslVersion: material.glslVersion,
    uniforms: material.uniforms,
    vertexShader: material.vertexShader,
    fragmentShader: material.fragmentShader,
    defines: { ...material.defines, ...defines },
  })
  copyDrawState(material, variant)
  return variant
}

/** The draw state the host changes on a layer's material after it is built (blend mode, a fade's depth writes). */
export function copyDrawState(from: ShaderMaterial, to: ShaderMaterial): void {
  to.blending = from.blending
  to.blendSrc = from.blendSrc
  to.blendDst = from.blendDst
  to.blendSrcAlpha = from.blendSrcAlpha
  to.blendDstAlpha = from.blendDstAlpha
  to.depthWrite = from.depthWrite
  to.depthTest = from.depthTest
  to.transparent = from.transparent
}
