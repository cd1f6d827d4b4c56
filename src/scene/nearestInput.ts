/**
 * An effect pass reads its own pixel of the pass input through a second sampler uniform of the same texture,
 * `dreamOwnInput`, whose texture unit gets a nearest-filtering sampler object for the pass's own draw. The composer's
 * buffers filter linearly (the effects that read at offsets need it, through `inputBuffer`), and a software renderer
 * pays for the filter even where the lookup lands on a texel centre: at 640 x 360 a full-screen copy cost 2.0 ms by
 * texelFetch and 1.3 ms by a nearest lookup (SwiftShader, micro-benchmark). A GPU pays for neither.
 *
 * The own pixel is looked up by uv (see EffectStack's OWN_TEXEL): a texel centre, so the value is the same with or
 * without the sampler. What draws the program without it (the flash limiter's held region, a first frame) only pays
 * for the filter. The unit is the one three.js gave the uniform in the pass's current program, read back once per
 * program after its first draw: until then, and whenever the material was rebuilt since, nothing is bound (a sampler
 * on another texture's unit would change how that one is read).
 */
import type { EffectPass } from 'postprocessing'
import type { IUniform, Material, Mesh, Texture, WebGLRenderer } from 'three'

/** The uniform the own-pixel lookup reads: always the pass input. */
export const OWN_INPUT_UNIFORM = 'dreamOwnInput'

const samplers = new WeakMap<WebGL2RenderingContext, WebGLSampler>()

function nearestSampler(gl: WebGL2RenderingContext): WebGLSampler | null {
  let sampler = samplers.get(gl)
  if (!sampler) {
    const made = gl.createSampler()
    if (!made) return null // a lost context: the pass just reads through the texture's own filter
    sampler = made
    gl.samplerParameteri(sampler, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
    gl.samplerParameteri(sampler, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
    gl.samplerParameteri(sampler, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
    gl.samplerParameteri(sampler, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
    samplers.set(gl, sampler)
    // a restored context keeps its JavaScript object but not its samplers: make a new one then
    gl.canvas.addEventListener('webglcontextrestored', () => samplers.delete(gl), { once: true })
  }
  return sampler
}

/** The WebGL program three.js last drew `material` with, if any. */
function currentProgram(renderer: WebGLRenderer, material: Material): WebGLProgram | null {
  const properties = renderer.properties.get(material) as { currentProgram?: { program: WebGLProgram } }
  return properties.currentProgram?.program ?? null
}

/**
 * Gives `pass` the own-pixel uniform (the pass input, whatever postprocessing sets it to: read when three uploads
 * it, so every program of the pass material sees the current one) and binds the nearest sampler to its unit around
 * the draws of the pass's own program.
 */
export function sampleOwnPixelNearest(pass: EffectPass): void {
  const material = pass.fullscreenMaterial
  const uniforms = (material as Material & { uniforms: Record<string, IUniform> }).uniforms
  const input = uniforms.inputBuffer!
  uniforms[OWN_INPUT_UNIFORM] = {
    get value(): Texture | null {
      return input.value as Texture | null
    },
  }
  const screen = (pass as unknown as { screen: Mesh }).screen
  // learned after a draw: the program, the material version it was built for, and the uniform's unit in it
  let learned: { program: WebGLProgram; version: number; unit: number } | null = null
  // the unit the sampler is bound to for the draw under way (-1: none); nothing allocated per frame
  let boundUnit = -1
  screen.onBeforeRender = (renderer) => {
    if (!learned || learned.version !== material.version || learned.program !== currentProgram(renderer, material)) return
    const gl = renderer.getContext() as WebGL2RenderingContext
    const sampler = nearestSampler(gl)
    if (!sampler) return
    gl.bindSampler(learned.unit, sampler)
    boundUnit = learned.unit
  }
  screen.onAfterRender = (renderer) => {
    if (boundUnit >= 0) {
      ;(renderer.getContext() as WebGL2RenderingContext).bindSampler(boundUnit, null)
      boundUnit = -1
    }
    const program = currentProgram(renderer, material)
    if (!program || (learned?.program === program && learned.version === material.version)) return
    const gl = renderer.getContext() as WebGL2RenderingContext
    const location = gl.getUniformLocation(program, OWN_INPUT_UNIFORM)
    const unit = location === null ? null : (gl.getUniform(program, location) as number | null)
    learned = typeof unit === 'number' ? { program, version: material.version, unit } : null
  }
}
