/**
 * A full-screen shader draw into a render target, for effects that keep state between frames (the flash limiter's
 * measurements, the bloom's bright pass). One triangle, no depth, no blending.
 *
 * Drawn directly, not through three's `render()`: that call walks a scene, sorts a render list and checks every
 * uniform of the material, about 0.2 ms of JS per draw on a slow CPU, more than the GPU spends on a draw of the
 * limiter's 32 x 18 states. The limiter draws three of these every frame, whatever the dream shows: their JS went
 * from 0.57 to 0.24 ms a frame, and the limiter's whole cost (on minus off, paired) from 2.8-2.9 to 2.5-2.7 ms at
 * 640 x 360 on a software renderer. Everything three keeps a record of goes through three (the target, the program
 * in use, texture bindings, blending and depth state), so its caches stay true; the program is this pass's own,
 * compiled with a GLSL 3 prefix like three's.
 *
 * `FULL_SCREEN_TRIANGLE` and `FULLSCREEN_VERTEX` are the same triangle for meshes drawn through three (the
 * backdrop layers, src/scene/DreamScene.tsx).
 */
import { BufferAttribute, BufferGeometry, DoubleSide, Material, type Matrix3, type Matrix4, type Vector2, type Vector3, type Vector4, type IUniform, type Texture, type WebGLRenderer, type WebGLRenderTarget } from 'three'

/** One triangle that covers the screen: cheaper than a quad (no diagonal seam, fewer helper pixels). */
export const FULL_SCREEN_TRIANGLE = new BufferGeometry().setAttribute(
  'position',
  new BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3),
)

export const FULLSCREEN_VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = position.xy * 0.5 + 0.5;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
`

// highp samplers: a vertex shader's default is lowp, too coarse for the float data a pass's vertices may read
const VERTEX_PREFIX = `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;
`

// The same triangle from the vertex index alone: no buffer, so the draw leaves three's vertex arrays alone.
const DIRECT_VERTEX = /* glsl */ `
out vec2 vUv;
void main() {
  vec2 corner = vec2(float((gl_VertexID & 1) << 2), float((gl_VertexID & 2) << 1)) - 1.0;
  vUv = corner * 0.5 + 0.5;
  gl_Position = vec4(corner, 0.0, 1.0);
}
`

const FRAGMENT_PREFIX = `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;
#define varying in
#define texture2D texture
`
// for shaders written with gl_FragColor (one output)
const SINGLE_OUTPUT = `layout(location = 0) out highp vec4 pc_fragColor;
#define gl_FragColor pc_fragColor
`

/** The render state of every direct draw: opaque, no depth test or write, both faces. */
const DRAW_STATE = Object.assign(new Material(), { depthTest: false, depthWrite: false, side: DoubleSide })

/** The pass's program on one context, with a setter per active uniform. */
interface Compiled {
  gl: WebGL2RenderingContext
  program: WebGLProgram
  shaders: WebGLShader[]
  linked: boolean
  setters: (() => void)[]
  /** Each sampler's texture unit (from TEXTURE0 up) and uniform. */
  samplers: { slot: number; uniform: IUniform }[]
}

/**
 * Where a pass draws, when not the whole target: a GLSL 3 vertex shader that places \`count\` vertices from
 * gl_VertexID alone (no buffers) and writes vUv, the target's uv at the vertex.
 */
export interface PassVertices {
  shader: string
  count: number
}

export class FullscreenPass {
  readonly uniforms: Record<string, IUniform>
  private readonly fragmentShader: string
  private readonly vertices: PassVertices
  /** Per renderer state: three makes a new one when a lost context comes back, and every program is gone then. */
  private readonly compiled = new Map<object, Compiled>()

  /**
   * `outputs`: true for a shader that declares its own outputs (`layout(location = i) out`), to draw into every
   * colour attachment of a target made with `count` > 1; otherwise it writes gl_FragColor. `vertices`: where it
   * draws (PassVertices), by default one triangle over the whole target.
   */
  constructor(
    fragmentShader: string,
    uniforms: Record<string, IUniform>,
    { outputs = false, vertices = { shader: DIRECT_VERTEX, count: 3 } }: { outputs?: boolean; vertices?: PassVertices } = {},
  ) {
    this.fragmentShader = FRAGMENT_PREFIX + (outputs ? '' : SINGLE_OUTPUT) + fragmentShader
    this.vertices = vertices
    this.uniforms = uniforms
  }

  /**
   * Starts compiling for `renderer` without waiting: the browser compiles in the background (in parallel with
   * other programs where KHR_parallel_shader_compile allows), and the first draw waits only for what is left.
   */
  prepare(renderer: WebGLRenderer): void {
    const key = renderer.state
    if (this.compiled.has(key)) return
    const gl = renderer.getContext() as WebGL2RenderingContext
    const program = gl.createProgram()
    const shaders = [
      [gl.VERTEX_SHADER, VERTEX_PREFIX + this.vertices.shader],
      [gl.FRAGMENT_SHADER, this.fragmentShader],
    ].map(([type, source]) => {
      const shader = gl.createShader(type as number)!
      gl.shaderSource(shader, source as string)
      gl.compileShader(shader)
      gl.attachShader(program, shader)
      return shader
    })
    gl.linkProgram(program)
    this.compiled.set(key, { gl, program, shaders, linked: false, setters: [], samplers: [] })
  }

  render(renderer: WebGLRenderer, target: WebGLRenderTarget): void {
    const previous = renderer.getRenderTarget()
    this.drawInto(renderer, target)
    renderer.setRenderTarget(previous)
  }

  /**
   * Draws into `target` and leaves it bound: for a chain of passes whose caller restores the renderer's target once
   * at the end (each switch is a framebuffer bind, a viewport and a scissor, checked again by the browser).
   */
  drawInto(renderer: WebGLRenderer, target: WebGLRenderTarget): void {
    renderer.setRenderTarget(target)
    const compiled = this.ready(renderer)
    const { state } = renderer
    state.setMaterial(DRAW_STATE, false, 0)
    state.useProgram(compiled.program)
    for (const set of compiled.setters) set()
    // uploads first: three uploads through a unit of its own choosing, which must not undo a binding made here
    for (const { uniform } of compiled.samplers) upload(renderer, uniform.value as Texture | null)
    for (const { slot, uniform } of compiled.samplers) bindTexture(renderer, slot, uniform.value as Texture | null)
    compiled.gl.drawArrays(compiled.gl.TRIANGLES, 0, this.vertices.count)
  }

  dispose(): void {
    for (const { gl, program, shaders } of this.compiled.values()) {
      if (gl.isContextLost()) continue
      for (const shader of shaders) gl.deleteShader(shader)
      gl.deleteProgram(program)
    }
    this.compiled.clear()
  }

  /** The linked program for `renderer`, its uniform setters made at the first draw. */
  private ready(renderer: WebGLRenderer): Compiled {
    this.prepare(renderer)
    const compiled = this.compiled.get(renderer.state)!
    if (compiled.linked) return compiled
    const { gl, program, shaders } = compiled
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      const logs = shaders.map((shader) => gl.getShaderInfoLog(shader)).filter(Boolean)
      throw new Error(`FullscreenPass: the program did not link: ${[gl.getProgramInfoLog(program), ...logs].join('\n')}`)
    }
    renderer.state.useProgram(program) // the sampler units are set on the program in use
    Object.assign(compiled, uniformSetters(gl, program, this.uniforms))
    compiled.linked = true
    return compiled
  }
}

/**
 * A setter per active uniform of `program`, reading the value from `uniforms` at each draw, and the samplers, each
 * with a texture unit of its own from 0 up. `program` must be in use (the sampler units are set on it here).
 */
function uniformSetters(gl: WebGL2RenderingContext, program: WebGLProgram, uniforms: Record<string, IUniform>): Pick<Compiled, 'setters' | 'samplers'> {
  const setters: Compiled['setters'] = []
  const samplers: Compiled['samplers'] = []
  const count = gl.getProgramParameter(program, gl.ACTIVE_UNIFORMS) as number
  let unit = 0
  for (let i = 0; i < count; i++) {
    const info = gl.getActiveUniform(program, i)!
    const uniform = uniforms[info.name]
    if (!uniform) throw new Error(`FullscreenPass: the shader declares "${info.name}", which has no uniform`)
    const location = gl.getUniformLocation(program, info.name)!
    switch (info.type) {
      case gl.FLOAT:
        setters.push(() => gl.uniform1f(location, uniform.value as number))
        break
      case gl.INT:
      case gl.BOOL:
        setters.push(() => gl.uniform1i(location, Number(uniform.value)))
        break
      case gl.FLOAT_VEC2:
        setters.push(() => gl.uniform2f(location, (uniform.value as Vector2).x, (uniform.value as Vector2).y))
        break
      case gl.FLOAT_VEC3:
        setters.push(() => gl.uniform3fv(location, (uniform.value as Vector3).toArray(vector3)))
        break
      case gl.FLOAT_VEC4:
        setters.push(() => gl.uniform4fv(location, (uniform.value as Vector4).toArray(vector4)))
        break
      case gl.FLOAT_MAT3:
        setters.push(() => gl.uniformMatrix3fv(location, false, (uniform.value as Matrix3).elements))
        break
      case gl.FLOAT_MAT4:
        setters.push(() => gl.uniformMatrix4fv(location, false, (uniform.value as Matrix4).elements))
        break
      case gl.SAMPLER_2D: {
        samplers.push({ slot: gl.TEXTURE0 + unit, uniform })
        gl.uniform1i(location, unit++)
        break
      }
      default:
        throw new Error(`FullscreenPass: uniform "${info.name}" has a type this pass does not set (0x${info.type.toString(16)})`)
    }
  }
  return { setters, samplers }
}
const vector3 = [0, 0, 0]
const vector4 = [0, 0, 0, 0]

type TextureRecord = { __webglTexture?: WebGLTexture; __version?: number }

/** Uploads `texture` when it is new or changed (a render target's is drawn, not uploaded), as three does before its own draws. */
function upload(renderer: WebGLRenderer, texture: Texture | null): void {
  if (!texture || (texture as Texture & { isRenderTargetTexture?: boolean }).isRenderTargetTexture || texture.version === 0) return
  if ((renderer.properties.get(texture) as TextureRecord).__version !== texture.version) renderer.initTexture(texture)
}

function bindTexture(renderer: WebGLRenderer, slot: number, texture: Texture | null): void {
  const { state, properties } = renderer
  const handle = texture ? (properties.get(texture) as TextureRecord).__webglTexture : undefined
  state.activeTexture(slot)
  // none: three binds its empty texture (its types say otherwise), so no stale texture stays on the unit
  state.bindTexture(renderer.getContext().TEXTURE_2D, (handle ?? null) as WebGLTexture)
}
