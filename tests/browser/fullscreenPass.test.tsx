/**
 * The direct full-screen draw (src/scene/fullscreenPass.ts) skips three's render(), so it must keep three's record
 * of the GL state true itself: textures it uploads and binds, the program it uses. Checked on the GPU with values
 * read back: its own samplers each read their own texture (new data textures are uploaded before any is bound), and
 * a draw through three right after it reads the texture three binds, not one the pass left on the unit.
 */
import { expect, test } from 'vitest'
import { DataTexture, FloatType, Mesh, NearestFilter, OrthographicCamera, RGBAFormat, ShaderMaterial, Uniform, Vector2, WebGLRenderer, WebGLRenderTarget, type Texture } from 'three'
import { FULL_SCREEN_TRIANGLE, FullscreenPass } from '../../src/scene/fullscreenPass'

const filled = (value: number) => {
  const texture = new DataTexture(new Float32Array([value, value, value, 1]), 1, 1, RGBAFormat, FloatType)
  texture.minFilter = texture.magFilter = NearestFilter
  texture.needsUpdate = true
  return texture
}
const read = (gl: WebGLRenderer, target: WebGLRenderTarget) => {
  const pixel = new Float32Array(4)
  gl.readRenderTargetPixels(target, 0, 0, 1, 1, pixel)
  return pixel[0]!
}

test('a direct draw reads each of its textures on its own unit, and leaves three drawing what it binds', () => {
  const gl = new WebGLRenderer({ canvas: document.createElement('canvas') })
  const target = new WebGLRenderTarget(1, 1, { type: FloatType, depthBuffer: false })
  const drawn = new WebGLRenderTarget(1, 1, { type: FloatType, depthBuffer: false })
  const [one, ten, hundred] = [filled(1), filled(10), filled(100)]
  // three uploads a new texture through a unit of its own: the first upload must not undo the second's binding
  const sum = new FullscreenPass(
    'uniform sampler2D a; uniform sampler2D b; uniform sampler2D c; uniform float scale; void main() { gl_FragColor = vec4(scale * (texelFetch(a, ivec2(0), 0).r + texelFetch(b, ivec2(0), 0).r + texelFetch(c, ivec2(0), 0).r)); }',
    { a: new Uniform<Texture>(one), b: new Uniform<Texture>(ten), c: new Uniform<Texture | null>(null), scale: new Uniform(1) },
  )
  // three's own draw of one texture, on the unit it chooses (0, where the pass left its first texture)
  const copy = new ShaderMaterial({
    uniforms: { map: new Uniform<Texture>(hundred) },
    vertexShader: 'void main() { gl_Position = vec4(position.xy, 0.0, 1.0); }',
    fragmentShader: 'uniform sampler2D map; void main() { gl_FragColor = texture2D(map, vec2(0.5)); }',
  })
  const mesh = Object.assign(new Mesh(FULL_SCREEN_TRIANGLE, copy), { frustumCulled: false })
  const camera = new OrthographicCamera()
  try {
    gl.setRenderTarget(drawn)
    gl.render(mesh, camera)
    expect(read(gl, drawn), 'three draws its texture').toBe(100)
    // a render target's texture too, and none (three's empty texture reads 0)
    sum.render(gl, target)
    expect(read(gl, target), 'each sampler its own texture, none as 0').toBe(11)
    sum.uniforms.c!.value = drawn.texture
    sum.uniforms.scale!.value = 2
    sum.render(gl, target)
    expect(read(gl, target), 'uniforms read at each draw').toBe(222)
    // three's record of unit 0 must say the pass bound `one` there: otherwise it skips its own bind and reads `one`
    gl.setRenderTarget(drawn)
    gl.render(mesh, camera)
    expect(read(gl, drawn), 'three draws its texture after the pass').toBe(100)
    // a changed data texture is uploaded again before the draw, as three does
    ;(ten.image.data as Float32Array).fill(20)
    ten.needsUpdate = true
    sum.uniforms.c!.value = null
    sum.uniforms.scale!.value = 1
    sum.render(gl, target)
    expect(read(gl, target), 'the changed texture').toBe(21)
  } finally {
    sum.dispose()
    copy.dispose()
    for (const texture of [one, ten, hundred]) texture.dispose()
    target.dispose()
    drawn.dispose()
    gl.dispose()
  }
})

test('a direct draw says what is wrong: a uniform the shader declares without a value, a shader that does not compile', () => {
  const gl = new WebGLRenderer({ canvas: document.createElement('canvas') })
  const target = new WebGLRenderTarget(1, 1, { type: FloatType, depthBuffer: false })
  const missing = new FullscreenPass('uniform vec2 size; void main() { gl_FragColor = vec4(size, 0.0, 1.0); }', { other: new Uniform(new Vector2()) })
  const broken = new FullscreenPass('void main() { gl_FragColor = vec4(undeclared); }', {})
  try {
    expect(() => missing.render(gl, target)).toThrow(/"size", which has no uniform/)
    expect(() => broken.render(gl, target)).toThrow(/did not link[\s\S]*undeclared/)
  } finally {
    missing.dispose()
    broken.dispose()
    target.dispose()
    gl.dispose()
  }
})
