/**
 * The data type of the intermediate render targets (the composer's buffers, the soft layers and their history,
 * the reflection, the bloom, the flash limiter's measurements, the datamosh's feedback).
 *
 * Half floats halve the memory traffic, and memory traffic is what a GPU pays for: they stay the choice there. A
 * software rasterizer (SwiftShader or llvmpipe: Chrome's WebGL wherever the GPU is blocklisted, absent or
 * virtualised) pays instead for converting every half-float texel it reads. In SwiftShader at 640x360 a bilinear
 * tap cost 4.0 ms from a 16-bit float texture and 1.5 ms from a 32-bit one, and the presets' frames 20-30% less
 * with every target at 32 bits (issue 14). So there, if the context can render to, filter and blend 32-bit
 * floats, the targets are 32-bit. The pictures are the same (more precise, if anything).
 */
import { FloatType, HalfFloatType, type TextureDataType, type WebGLRenderer } from 'three'

let chosen: TextureDataType = HalfFloatType

/** Whether `name` (the context's renderer string) is a CPU rasterizer. */
export function isSoftwareRenderer(name: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software rasterizer/i.test(name)
}

/** The renderer's own name: the unmasked one where the browser gives it (Chrome), RENDERER elsewhere. */
function rendererName(gl: WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info')
  return String((info && gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) ?? gl.getParameter(gl.RENDERER) ?? '')
}

/**
 * Decides the type for the targets made from now on, from the renderer a dream draws with (called by DreamScene
 * before its layers and effects make theirs). Returns the type chosen.
 */
export function chooseTargetType(renderer: WebGLRenderer): TextureDataType {
  chosen = prefersFloatTargets(renderer.getContext() as WebGL2RenderingContext) ? FloatType : HalfFloatType
  return chosen
}

/** Whether a context's intermediate targets should be 32-bit floats: a software renderer that renders to, filters and blends them. */
export function prefersFloatTargets(gl: WebGL2RenderingContext): boolean {
  const floats = ['EXT_color_buffer_float', 'OES_texture_float_linear', 'EXT_float_blend'].every((name) => gl.getExtension(name) !== null)
  return floats && isSoftwareRenderer(rendererName(gl))
}

/** The type for an intermediate render target made now. */
export const targetType = (): TextureDataType => chosen
