/**
 * The output stage's own sRGB encoding (src/scene/outputEffect.ts): a fit cheaper than pow(), checked against the
 * exact curve over every brightness, dark end included, on the GPU that runs it.
 */
import { expect, test } from 'vitest'
import { FloatType, WebGLRenderer, WebGLRenderTarget } from 'three'
import { FullscreenPass } from '../../src/scene/fullscreenPass'
import { DISPLAY_ENCODE_GLSL } from '../../src/scene/outputEffect'

const exactSrgb = (x: number) => (x < 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055)

test('the display encoding is within 0.02 of an 8-bit step of the exact sRGB curve', () => {
  const size = 4096
  const gl = new WebGLRenderer({ canvas: document.createElement('canvas') })
  const target = new WebGLRenderTarget(size, 1, { type: FloatType, depthBuffer: false })
  // linear values crowded toward black (t^3), where the curve is steepest
  const ramp = new FullscreenPass(
    `${DISPLAY_ENCODE_GLSL}
varying vec2 vUv;
void main() {
  float linear = vUv.x * vUv.x * vUv.x;
  gl_FragColor = vec4(displayEncode(vec3(linear)), linear);
}`,
    {},
  )
  try {
    ramp.render(gl, target)
    const pixels = new Float32Array(size * 4)
    gl.readRenderTargetPixels(target, 0, 0, size, 1, pixels)
    let worst = 0
    for (let i = 0; i < size; i++) worst = Math.max(worst, Math.abs(pixels[i * 4]! - exactSrgb(pixels[i * 4 + 3]!)) * 255)
    expect(worst).toBeLessThan(0.02)
    // and it is the curve, not a constant: black stays black, white stays white
    expect(pixels[0]!).toBeLessThan(0.001)
    expect(pixels[(size - 1) * 4]!).toBeGreaterThan(0.998)
  } finally {
    ramp.dispose()
    target.dispose()
    gl.dispose()
  }
})
