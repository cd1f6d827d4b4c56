/** The raw WebGL2 side of the bench: the host's own shader strings (and the fbm5 yardstick) with no library. */
import { Color, Matrix4, PerspectiveCamera, Vector2, Vector3, type Uniform } from 'three'
import type { AnyLayerType, BlendMode } from '../src/core/defineLayer'
import { CAMERA_HOME } from '../src/scene/camera'
import { createHostUniforms } from '../src/scene/hostUniforms'
import { createLayerMaterial } from '../src/scene/layerMaterial'
import { createFusedBackdrops } from '../src/scene/backdropStack'
import { prefersFloatTargets } from '../src/scene/targetPrecision'
import fbm5Fragment from './fbm5.frag'
import { emptyDocument } from './cases'

// ---------------------------------------------------------------------------------------------------------
// The raw WebGL2 side: the same GLSL, no library.

export interface RawRig {
  width: number
  height: number
  gl: WebGL2RenderingContext
  pixel: Uint8Array
  programs: Map<string, RawProgram>
  halfFloatTarget: WebGLFramebuffer | null
  /** A target of the format the app's own targets have on this renderer (src/scene/targetPrecision.ts), and that format. */
  appTarget: WebGLFramebuffer | null
  appFormat: 'RGBA32F' | 'RGBA16F'
  resize(width: number, height: number): void
}
/** Where a raw frame draws: the canvas, an RGBA16F target, or a target of the app's own format. */
export type RawTarget = 'canvas' | 'rgba16f' | 'app'
export interface RawProgram {
  program: WebGLProgram
  uTime: WebGLUniformLocation | null
  /** null: drawn without blending (the fused pass replaces the clear colour) */
  blend: BlendMode | null
  upload(): void
  resize(width: number, height: number): void
}

export function createRawRig(width: number, height: number): RawRig {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  canvas.style.cssText = `width:${width}px;height:${height}px;display:block`
  document.body.appendChild(canvas)
  const context = canvas.getContext('webgl2', { antialias: false, alpha: true, depth: true, preserveDrawingBuffer: false, powerPreference: 'high-performance' })
  if (!context) throw new Error('no WebGL2')
  const gl: WebGL2RenderingContext = context
  const buffer = gl.createBuffer()
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer)
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), gl.STATIC_DRAW)
  // Float targets: RGBA16F (the app's format on a GPU, for the "why" column of the report) and the app's own format here.
  const floats = gl.getExtension('EXT_color_buffer_float') !== null
  const appFormat = prefersFloatTargets(gl) ? 'RGBA32F' : 'RGBA16F'
  const storage = new Map<WebGLFramebuffer, { format: number; texture: WebGLTexture | null }>()
  const floatTarget = (format: number): WebGLFramebuffer | null => {
    if (!floats && !gl.getExtension('EXT_color_buffer_half_float')) return null
    const framebuffer = gl.createFramebuffer()
    storage.set(framebuffer, { format, texture: null })
    attach(framebuffer, width, height)
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer)
    const complete = gl.checkFramebufferStatus(gl.FRAMEBUFFER) === gl.FRAMEBUFFER_COMPLETE
    gl.bindFramebuffer(gl.FRAMEBUFFER, null)
    return complete ? framebuffer : null
  }
  // a new texture of the size (texStorage2D storage is immutable); the old one is freed
  function attach(framebuffer: WebGLFramebuffer, w: number, h: number) {
    const stored = storage.get(framebuffer)!
    gl.deleteTexture(stored.texture)
    const texture = (stored.texture = gl.createTexture())
    gl.bindTexture(gl.TEXTURE_2D, texture)
    gl.texStorage2D(gl.TEXTURE_2D, 1, stored.format, w, h)
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer)
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0)
    gl.bindFramebuffer(gl.FRAMEBUFFER, null)
  }
  const halfFloatTarget = floatTarget(gl.RGBA16F)
  const appTarget = appFormat === 'RGBA32F' && floats ? floatTarget(gl.RGBA32F) : halfFloatTarget
  const rig: RawRig = { width, height, gl, pixel: new Uint8Array(4), programs: new Map(), halfFloatTarget, appTarget, appFormat, resize }
  function resize(w: number, h: number) {
    if (rig.width === w && rig.height === h) return
    rig.width = canvas.width = w
    rig.height = canvas.height = h
    canvas.style.cssText = `width:${w}px;height:${h}px;display:block`
    for (const framebuffer of storage.keys()) attach(framebuffer, w, h)
    // the resolution and camera aspect are uniforms: re-upload them for the new size
    for (const raw of rig.programs.values()) raw.resize(w, h)
  }
  return rig
}

export const RAW_VERTEX_PREFIX = `#version 300 es
precision highp float;
precision highp int;
#define attribute in
#define varying out
in vec3 position;
`
export const RAW_FRAGMENT_PREFIX = `#version 300 es
precision highp float;
precision highp int;
#define varying in
#define texture2D texture
layout(location = 0) out highp vec4 pc_fragColor;
#define gl_FragColor pc_fragColor
`

export function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!
  gl.shaderSource(shader, source)
  gl.compileShader(shader)
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`raw compile failed: ${gl.getShaderInfoLog(shader)}`)
  return shader
}

/** The host camera's matrices, so ray directions match the app's. */
export function hostCameraMatrices(width: number, height: number, fov: number) {
  const camera = new PerspectiveCamera(fov, width / height, 0.1, 400)
  camera.position.set(...(CAMERA_HOME.position as [number, number, number]))
  camera.lookAt(...(CAMERA_HOME.target as [number, number, number]))
  camera.updateMatrixWorld(true)
  camera.updateProjectionMatrix()
  return { world: camera.matrixWorld.clone(), inverseProjection: camera.projectionMatrixInverse.clone() }
}

/**
 * A raw program from the app's own shader strings: `fused` = the one pass the app draws for these backdrops
 * at the bottom of the stack in reference mode (no blending); otherwise one layer's own material, blended as the
 * app blends it. Reference mode, because it computes every layer in place at full resolution: the app's usual
 * fused pass only samples its soft and amortised layers from textures a raw program does not have (their reads of
 * unbound textures cost next to nothing, so the raw side measured almost nothing).
 */
export function rawProgram(rig: RawRig, layerTypes: AnyLayerType[], fused: boolean): RawProgram {
  const key = `${fused ? 'fused' : 'layer'}:${layerTypes.map((t) => t.type).join('+')}`
  const cached = rig.programs.get(key)
  if (cached) return cached
  const { gl } = rig
  const host = createHostUniforms()
  const material = fused
    ? createFusedBackdrops(layerTypes.map((layerType) => ({ layerType, values: layerType.defaults, blend: layerType.blend ?? 'normal' })), host, { reference: true }).material
    : createLayerMaterial(layerTypes[0]!, layerTypes[0]!.defaults, host).material
  const program = gl.createProgram()!
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, RAW_VERTEX_PREFIX + material.vertexShader))
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, RAW_FRAGMENT_PREFIX + material.fragmentShader))
  gl.bindAttribLocation(program, 0, 'position')
  gl.linkProgram(program)
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`raw link failed: ${gl.getProgramInfoLog(program)}`)
  const fov = emptyDocument().scene.fov
  const size = (w: number, h: number) => {
    const camera = hostCameraMatrices(w, h, fov)
    host.uResolution.value.set(w, h)
    host.uCameraWorld.value.copy(camera.world)
    host.uInverseProjection.value.copy(camera.inverseProjection)
  }
  size(rig.width, rig.height)
  host.uSeed.value = 0.7217
  const uniforms = material.uniforms as Record<string, Uniform<unknown>>
  const upload = () => {
    const count = gl.getProgramParameter(program, gl.ACTIVE_UNIFORMS) as number
    for (let i = 0; i < count; i++) {
      const info = gl.getActiveUniform(program, i)!
      const location = gl.getUniformLocation(program, info.name)
      const value = uniforms[info.name]?.value
      if (location === null || value === undefined) continue
      if (value instanceof Matrix4) gl.uniformMatrix4fv(location, false, value.elements)
      else if (value instanceof Vector2) gl.uniform2f(location, value.x, value.y)
      else if (value instanceof Vector3) gl.uniform3f(location, value.x, value.y, value.z)
      else if (value instanceof Color) gl.uniform3f(location, value.r, value.g, value.b)
      else if (typeof value === 'boolean') gl.uniform1i(location, value ? 1 : 0)
      else if (typeof value === 'number') {
        if (info.type === gl.FLOAT) gl.uniform1f(location, value)
        else gl.uniform1i(location, value)
      }
    }
  }
  gl.useProgram(program)
  upload()
  material.dispose()
  const resize = (w: number, h: number) => {
    size(w, h)
    gl.useProgram(program)
    upload()
  }
  const made = { program, uTime: gl.getUniformLocation(program, 'uTime'), blend: fused ? null : (layerTypes[0]!.blend ?? 'normal'), upload, resize }
  rig.programs.set(key, made)
  return made
}

export function setBlend(gl: WebGL2RenderingContext, blend: BlendMode | null) {
  if (blend === null) return gl.disable(gl.BLEND)
  gl.enable(gl.BLEND)
  if (blend === 'multiply') gl.blendFuncSeparate(gl.DST_COLOR, gl.ZERO, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
  else if (blend === 'screen') gl.blendFuncSeparate(gl.ONE_MINUS_DST_COLOR, gl.ONE, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
  else if (blend === 'add') gl.blendFuncSeparate(gl.ONE, gl.ONE, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
  else gl.blendFuncSeparate(gl.ONE, gl.ONE_MINUS_SRC_ALPHA, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
}

export const halfPixel = new Float32Array(4)
/** Draw the given backdrop programs in order (none = clear only) and wait for the GPU. */
export function rawFrame(rig: RawRig, programs: RawProgram[], dreamTime: number, where: RawTarget): number {
  const { gl } = rig
  const started = performance.now()
  const target = where === 'app' ? rig.appTarget : where === 'rgba16f' ? rig.halfFloatTarget : null
  gl.bindFramebuffer(gl.FRAMEBUFFER, target)
  gl.viewport(0, 0, rig.width, rig.height)
  gl.clearColor(0, 0, 0, 1)
  gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT)
  gl.enableVertexAttribArray(0)
  gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, 0)
  for (const raw of programs) {
    gl.useProgram(raw.program)
    gl.uniform1f(raw.uTime, dreamTime)
    setBlend(gl, raw.blend)
    gl.drawArrays(gl.TRIANGLES, 0, 3)
  }
  if (target) gl.readPixels(rig.width >> 1, rig.height >> 1, 1, 1, gl.RGBA, gl.FLOAT, halfPixel)
  else gl.readPixels(rig.width >> 1, rig.height >> 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, rig.pixel)
  return performance.now() - started
}

// ---------------------------------------------------------------------------------------------------------
// Frame cost against the raw fbm5 yardstick (issue 14): paired frames, one context per mounted document.

export const FBM5_VERTEX = `${RAW_VERTEX_PREFIX}
varying vec2 vUv;
void main() {
  vUv = position.xy * 0.5 + 0.5;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
`

/** Bare WebGL2: one full-screen triangle of 5-octave 3D simplex fbm into the canvas, then a 1-pixel read. */
export function createFbm5Rig(width: number, height: number) {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  canvas.style.cssText = `width:${width}px;height:${height}px;display:block`
  document.body.appendChild(canvas)
  const gl = canvas.getContext('webgl2', { antialias: false, alpha: true, depth: true, preserveDrawingBuffer: false, powerPreference: 'high-performance' })
  if (!gl) throw new Error('no WebGL2')
  const program = gl.createProgram()!
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, FBM5_VERTEX))
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, RAW_FRAGMENT_PREFIX + fbm5Fragment))
  gl.bindAttribLocation(program, 0, 'position')
  gl.linkProgram(program)
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`fbm5 link failed: ${gl.getProgramInfoLog(program)}`)
  const buffer = gl.createBuffer()
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer)
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), gl.STATIC_DRAW)
  gl.useProgram(program)
  gl.uniform2f(gl.getUniformLocation(program, 'uResolution'), width, height)
  const uTime = gl.getUniformLocation(program, 'uTime')
  const pixel = new Uint8Array(4)
  return {
    frame(dreamTime: number): number {
      const started = performance.now()
      gl.viewport(0, 0, width, height)
      gl.enableVertexAttribArray(0)
      gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, 0)
      gl.useProgram(program)
      gl.uniform1f(uTime, dreamTime)
      gl.drawArrays(gl.TRIANGLES, 0, 3)
      gl.readPixels(width >> 1, height >> 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel)
      return performance.now() - started
    },
    dispose() {
      gl.getExtension('WEBGL_lose_context')?.loseContext()
      canvas.remove()
    },
  }
}
