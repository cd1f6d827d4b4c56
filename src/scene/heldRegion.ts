/**
 * The flash limiter's per-pixel step, drawn only where it can change anything (issue 14: the fixed output stage).
 *
 * Most frames of most dreams hold nothing: every tile's coefficients are the identity and the step changes no
 * pixel. A GPU would skip it behind a uniform branch, but a software renderer (SwiftShader, the fallback wherever
 * WebGL has no GPU) runs every instruction of a program for every pixel whatever the branches: the step cost the
 * output pass 2-3 ms of about 9 at 640 x 360, measured on the pass's own shader. So the step is left out of the
 * output pass's program (FlashLimiterEffect compiles it only under DREAM_LIMITER_APPLY), and the picture is drawn
 * in two parts that tile it exactly: the rectangle of pixels the holding tiles reach, which the draws' vertex
 * shader finds from the limiter's coefficients on the GPU (HELD_RECT_GLSL), by a second program of the same pass
 * with the step compiled in;
 * the rest, by the pass's own program. Nothing is read back: when nothing holds, the rectangle is empty and the
 * pass's own draw covers the picture.
 *
 * Both programs share the pass's uniforms (the very objects), shader strings and defines, so the picture is what one
 * pass with the step everywhere gives, and every pixel is shaded once.
 */
import { BufferAttribute, BufferGeometry, Mesh, ShaderMaterial, Uniform, type Scene, type WebGLProgramParametersWithUniforms, type WebGLRenderer } from 'three'
import type { EffectMaterial, EffectPass } from 'postprocessing'
import { HELD_RECT_GLSL, type FlashLimiterEffect } from '../safety/flashLimiter'
import { PICTURE_SAMPLE_DEFINE } from './outputEffect'

/**
 * The unit square (two triangles) once per piece, the piece's number in z. Pieces 0-3 lie below, above, left and
 * right of the held rectangle, piece 4 is the rectangle: together they tile the picture (HELD_PIECES_GLSL).
 */
function pieces(numbers: readonly number[]): BufferGeometry {
  const square = [0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1]
  const corners = numbers.flatMap((piece) => Array.from({ length: 6 }, (_, i) => [square[2 * i]!, square[2 * i + 1]!, piece]).flat())
  return new BufferGeometry().setAttribute('position', new BufferAttribute(new Float32Array(corners), 3))
}

/** The pass's own draw: the picture around the held rectangle (all of it when nothing holds). */
const AROUND = pieces([0, 1, 2, 3])
/** The held region's draw. */
const HELD = pieces([4])
/** Both, for the test that they tile the picture. */
export const HELD_REGION_PIECES = { around: AROUND, held: HELD } as const

const HELD_PIECES_GLSL = /* glsl */ `
${HELD_RECT_GLSL}
// 0 while the limiter's sample of the picture is drawn through the pass: then its own draw covers everything
uniform float dreamLimiterCut;
vec2 dreamPiece(vec3 corner, vec2 pixels) {
  vec4 held = dreamLimiterCut > 0.5 ? dreamHeldRect(pixels) : vec4(0.0);
  int piece = int(corner.z + 0.5);
  vec4 span = piece == 4 ? held
    : piece == 0 ? vec4(0.0, 0.0, 1.0, held.y)
    : piece == 1 ? vec4(0.0, held.w, 1.0, 1.0)
    : piece == 2 ? vec4(0.0, held.y, held.x, held.w)
    : vec4(held.z, held.y, 1.0, held.w);
  return mix(span.xy, span.zw, corner.xy);
}
`

// postprocessing's effect vertex shader: the full-screen triangle's uv and position, and where main starts
const MAIN = 'void main(){'
const PLACE_UV = 'vUv=position.xy*0.5+0.5;'
const PLACE_POSITION = 'gl_Position=vec4(position.xy,1.0,1.0);'

/** The pass's vertex shader drawing pieces of the picture (above) instead of its full-screen triangle. */
export function piecesVertexShader(passVertexShader: string): string {
  for (const part of [MAIN, PLACE_UV, PLACE_POSITION])
    if (!passVertexShader.includes(part)) throw new Error(`heldRegion: postprocessing's effect vertex shader no longer contains "${part}"`)
  return passVertexShader
    .replace(MAIN, `${HELD_PIECES_GLSL}\n${MAIN}`)
    .replace(PLACE_UV, 'vUv=dreamPiece(position,resolution);')
    .replace(PLACE_POSITION, 'gl_Position=vec4(vUv*2.0-1.0,1.0,1.0);')
}

export interface HeldRegion {
  /**
   * The pass's program for the limiter's sample of the picture (a third one, compiled at its first draw: only where
   * effects share the output pass, see EffectStack's sampleThrough): the effects merged ahead of the output
   * stage, without the output stage (PICTURE_SAMPLE_DEFINE), each input texel read by its uv (the sample is drawn
   * small). Draw it with `around` and `cut` at 0: the pieces then cover the whole target.
   */
  readonly pictureSample: Mesh
  /** The geometry the pass's own program now draws. */
  readonly around: BufferGeometry
  /** 1 for the frame's draws; set it to 0 while the pass draws the limiter's sample (the whole picture). */
  readonly cut: Uniform<number>
  detach(): void
}

type CompileHook = (shader: WebGLProgramParametersWithUniforms, renderer: WebGLRenderer) => void

/**
 * Another program of the pass `main` drawing the pieces: the same shader strings with `defines` added, and the
 * very Uniform objects, so whatever the pass writes into its own (its input, time, the effects' values) holds here.
 * It follows the pass's material through rebuilds (postprocessing rebuilds the shader strings whenever an effect
 * changes) before each of its draws.
 */
function passVariant(main: EffectMaterial, ownHook: CompileHook, name: string, defines: Record<string, string>, geometry: BufferGeometry): Mesh {
  const variant = new ShaderMaterial({ name })
  let synced = -1
  const sync = () => {
    if (synced === main.version) return
    synced = main.version
    variant.glslVersion = main.glslVersion
    variant.vertexShader = piecesVertexShader(main.vertexShader)
    variant.fragmentShader = main.fragmentShader
    variant.defines = { ...main.defines, ...defines }
    variant.uniforms = { ...main.uniforms }
    variant.onBeforeCompile = ownHook
    variant.blending = main.blending
    variant.depthTest = main.depthTest
    variant.depthWrite = main.depthWrite
    variant.toneMapped = main.toneMapped
    variant.needsUpdate = true
  }
  sync()
  const mesh = new Mesh(geometry, variant)
  mesh.frustumCulled = false
  mesh.onBeforeRender = sync
  return mesh
}

/**
 * Splits `pass` (the output pass, whose effects include `limiter`) into the two draws above; the held region's
 * material follows the pass's through recompiles.
 */
export function attachHeldRegion(pass: EffectPass, limiter: FlashLimiterEffect): HeldRegion {
  const main = pass.fullscreenMaterial as EffectMaterial
  const cut = new Uniform(1)
  Object.assign(main.uniforms, limiter.heldUniforms, { dreamLimiterCut: cut })
  // the pass's own program draws the pieces around the rectangle: its vertex shader is rewritten as it compiles
  // (postprocessing rebuilds the shader strings whenever an effect changes)
  const ownHook: CompileHook = main.onBeforeCompile
  main.onBeforeCompile = (shader, renderer) => {
    ownHook.call(main, shader, renderer)
    shader.vertexShader = piecesVertexShader(shader.vertexShader)
  }
  main.needsUpdate = true
  const screen = (pass as unknown as { screen: Mesh }).screen
  const fullScreen = screen.geometry
  screen.geometry = AROUND

  const region = passVariant(main, ownHook, 'DreamLimiterHeldRegion', { DREAM_LIMITER_APPLY: '1' }, HELD)
  const scene = (pass as unknown as { scene: Scene }).scene
  scene.add(region)
  const pictureSample = passVariant(main, ownHook, 'DreamPictureSample', { [PICTURE_SAMPLE_DEFINE]: '1' }, AROUND)
  return {
    pictureSample,
    around: AROUND,
    cut,
    detach() {
      scene.remove(region)
      ;(region.material as ShaderMaterial).dispose()
      ;(pictureSample.material as ShaderMaterial).dispose()
      screen.geometry = fullScreen
      main.onBeforeCompile = ownHook
    },
  }
}
