/**
 * A pass whose effects read only their own pixel of the pass input (none declares a convolution: no read at an
 * offset) samples that input through a nearest-filtering sampler object, bound to the input's texture unit for the
 * pass's own draw. The composer's buffers filter linearly (the effects that read at offsets need it), and a software
 * renderer pays for the filter even where it lands on a texel centre: at 640 x 360 a full-screen copy cost 2.0 ms by
 * texelFetch and 1.3 ms by a nearest lookup (SwiftShader, micro-benchmark). A GPU pays for neither.
 *
 * The program reads its own texel by uv (`texture2D(inputBuffer, UV)`, see EffectStack's OWN_TEXEL): a texel centre,
 * so the value is the same with or without the sampler. What draws the program without it (the flash limiter's held
 * region, a first frame) only pays the filter. The unit is the one three.js gave the input in the pass's current
 * program, read back once per program after its first draw: until then, and whenever the material was rebuilt since,
 * nothing is bound (a sampler on another texture's unit would change how that one is read).
 */
import type { EffectPass } from 'postprocessing'
import type { Material, Mesh, WebGLRenderer } from 'three'

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

/** Binds the nearest sampler to the pass input's unit around the draws of `pass`'s own full-screen program. */
export function sampleInputNearest(pass: EffectPass): void {
  const screen = (pass as unknown as { screen: Mesh }).screen
  const material = pass.fullscreenMaterial
  // learned after a draw: the program, the material version it was built for, and the input's unit in it
  let learned: { program: WebGLProgram; version: number; unit: number } | null = null
  let bound: { gl: WebGL2RenderingContext; unit: number } | null = null
  screen.onBeforeRender = (renderer) => {
    if (!learned || learned.version !== material.version || learned.program !== currentProgram(renderer, material)) return
    const gl = renderer.getContext() as WebGL2RenderingContext
    const sampler = nearestSampler(gl)
    if (!sampler) return
    gl.bindSampler(learned.unit, sampler)
    bound = { gl, unit: learned.unit }
  }
  screen.onAfterRender = (renderer) => {
    if (bound) {
      bound.gl.bindSampler(bound.unit, null)
      bound = null
    }
    const program = currentProgram(renderer, material)
    if (!program || (learned?.program === program && learned.version === material.version)) return
    const gl = renderer.getContext() as WebGL2RenderingContext
    const location = gl.getUniformLocation(program, 'inputBuffer')
    const unit = location === null ? null : (gl.getUniform(program, location) as number | null)
    learned = typeof unit === 'number' ? { program, version: material.version, unit } : null
  }
}
