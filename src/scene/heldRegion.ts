/**
 * The flash limiter's per-pixel step, drawn only where it can change anything (issue 14: the fixed output stage).
 *
 * Most frames of most dreams hold nothing: every tile's coefficients are the identity and the step changes no
 * pixel. A GPU would skip it behind a uniform branch, but a software renderer (SwiftShader, the fallback wherever
 * WebGL has no GPU) runs every instruction of a program for every pixel whatever the branches: the step cost the
 * output pass 2-3 ms of about 9 at 640 x 360, measured on the pass's own shader. So the step is left out of the
 * output pass's program (FlashLimiterEffect compiles it only under DREAM_LIMITER_APPLY), and a second draw of the
 * same pass with it compiled in covers the rectangle of pixels the holding tiles reach, which the limiter's last
 * small draw writes on the GPU (HELD_RECT_GLSL). Nothing is read back: when nothing holds, the rectangle is a
 * point and the second draw shades no pixel.
 *
 * The second draw writes over the first inside the rectangle with the very same effects and inputs (it shares the
 * pass's uniforms, shader strings and defines), so the picture is what one pass with the step everywhere gives.
 */
import { BufferAttribute, BufferGeometry, Mesh, ShaderMaterial, type Scene } from 'three'
import type { EffectMaterial, EffectPass } from 'postprocessing'
import { HELD_RECT_GLSL, type FlashLimiterEffect } from '../safety/flashLimiter'

/** Two triangles over the unit square: the vertex shader stretches them over the held rectangle. */
const UNIT_SQUARE = new BufferGeometry().setAttribute('position', new BufferAttribute(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0]), 3))

// postprocessing's effect vertex shader: the full-screen triangle's uv and position, and where main starts
const MAIN = 'void main(){'
const PLACE_UV = 'vUv=position.xy*0.5+0.5;'
const PLACE_POSITION = 'gl_Position=vec4(position.xy,1.0,1.0);'

/** The pass's vertex shader with its triangle stretched over the held rectangle instead of the screen. */
export function heldRegionVertexShader(passVertexShader: string): string {
  for (const part of [MAIN, PLACE_UV, PLACE_POSITION])
    if (!passVertexShader.includes(part)) throw new Error(`heldRegion: postprocessing's effect vertex shader no longer contains "${part}"`)
  return passVertexShader
    .replace(MAIN, `${HELD_RECT_GLSL}\n${MAIN}`)
    .replace(PLACE_UV, 'vec4 dreamRect=dreamHeldRect(resolution);vUv=mix(dreamRect.xy,dreamRect.zw,position.xy);')
    .replace(PLACE_POSITION, 'gl_Position=vec4(vUv*2.0-1.0,1.0,1.0);')
}

/**
 * Adds the held region's draw to `pass` (the output pass, whose effects include `limiter`); it follows the pass's
 * material through recompiles. Returns the undo.
 */
export function attachHeldRegion(pass: EffectPass, limiter: FlashLimiterEffect): () => void {
  const main = pass.fullscreenMaterial as EffectMaterial
  const held = new ShaderMaterial({ name: 'DreamLimiterHeldRegion' })
  let synced = -1
  const sync = () => {
    if (synced === main.version) return
    synced = main.version
    held.glslVersion = main.glslVersion
    held.vertexShader = heldRegionVertexShader(main.vertexShader)
    held.fragmentShader = main.fragmentShader
    held.defines = { ...main.defines, DREAM_LIMITER_APPLY: '1' }
    // the same Uniform objects: whatever the pass writes into its own (its input, time, the effects' values) holds here
    held.uniforms = { ...main.uniforms, ...limiter.heldUniforms }
    held.onBeforeCompile = main.onBeforeCompile
    held.blending = main.blending
    held.depthTest = main.depthTest
    held.depthWrite = main.depthWrite
    held.toneMapped = main.toneMapped
    held.needsUpdate = true
  }
  sync()
  const region = new Mesh(UNIT_SQUARE, held)
  region.frustumCulled = false
  // after the pass's own triangle, which it overwrites
  region.renderOrder = 1
  // before every draw: the pass's material may have been rebuilt (an effect's defines changed)
  region.onBeforeRender = sync
  const scene = (pass as unknown as { scene: Scene }).scene
  scene.add(region)
  return () => {
    scene.remove(region)
    held.dispose()
  }
}
