import { expect, test } from 'vitest'
import { FloatType, HalfFloatType, type WebGLRenderer } from 'three'
import { chooseTargetType, isSoftwareRenderer, targetType } from '../../src/scene/targetPrecision'

test('CPU rasterizers are told from GPUs by the renderer string', () => {
  // what Chrome reports (unmasked) for its software WebGL, Mesa's CPU drivers, and some GPUs
  expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true)
  expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true)
  expect(isSoftwareRenderer('softpipe')).toBe(true)
  expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false)
  expect(isSoftwareRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe(false)
  expect(isSoftwareRenderer('Apple GPU')).toBe(false)
  expect(isSoftwareRenderer('Adreno (TM) 650')).toBe(false)
  expect(isSoftwareRenderer('')).toBe(false)
})

/** A renderer whose context reports `name` and has the float extensions listed. */
function fakeRenderer(name: string, extensions: string[]) {
  const gl = {
    RENDERER: 0x1f01,
    getExtension: (extension: string) => (extension === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL: 0x9246 } : extensions.includes(extension) ? {} : null),
    getParameter: (parameter: number) => (parameter === 0x9246 ? name : 'WebKit WebGL'),
  }
  return { getContext: () => gl } as unknown as WebGLRenderer
}

test('32-bit float targets on a CPU rasterizer that renders, filters and blends them; half floats otherwise', () => {
  const all = ['EXT_color_buffer_float', 'OES_texture_float_linear', 'EXT_float_blend']
  const swiftShader = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'
  expect(chooseTargetType(fakeRenderer(swiftShader, all))).toBe(FloatType)
  expect(targetType()).toBe(FloatType)
  // without linear filtering of floats the soft layers' upsampling would read black: half floats
  expect(chooseTargetType(fakeRenderer(swiftShader, ['EXT_color_buffer_float', 'EXT_float_blend']))).toBe(HalfFloatType)
  // a GPU pays for memory traffic: half floats, extensions or not
  expect(chooseTargetType(fakeRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060, D3D11)', all))).toBe(HalfFloatType)
  expect(targetType()).toBe(HalfFloatType)
})
