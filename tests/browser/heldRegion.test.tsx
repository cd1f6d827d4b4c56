/**
 * The output pass draws the picture in two parts (src/scene/heldRegion.ts): around the flash limiter's held
 * rectangle with its own program, the rectangle with the limiter's per-pixel step compiled in. Drawn here with the
 * very vertex shader into a float target, each part adding 1: every pixel must be drawn exactly once, for held
 * rectangles anywhere on the tile grid (edges, corners, one tile, all of it, none) and for sizes that do not divide
 * into tiles.
 */
import { expect, test } from 'vitest'
import { AdditiveBlending, DataTexture, FloatType, Mesh, NearestFilter, OrthographicCamera, RGBAFormat, ShaderMaterial, Uniform, Vector2, WebGLRenderer, WebGLRenderTarget } from 'three'
import { HELD_REGION_PIECES, piecesVertexShader } from '../../src/scene/heldRegion'

// postprocessing's effect vertex shader, reduced to what piecesVertexShader rewrites
const PASS_VERTEX = 'uniform vec2 resolution;varying vec2 vUv;void main(){vUv=position.xy*0.5+0.5;gl_Position=vec4(position.xy,1.0,1.0);}'

test('the pass around the held rectangle and the held region tile the picture: every pixel drawn once', () => {
  const gl = new WebGLRenderer({ canvas: document.createElement('canvas') })
  try {
    // the limiter's coefficients per tile: (red scale, gain, lift, -); the identity holds nothing
    const tiles = new Vector2(32, 18)
    const identity = [1, 1, 0, 1]
    const coefficients = new DataTexture(new Float32Array(tiles.x * tiles.y * 4), tiles.x, tiles.y, RGBAFormat, FloatType)
    coefficients.minFilter = coefficients.magFilter = NearestFilter
    const resolution = new Uniform(new Vector2())
    const material = new ShaderMaterial({
      uniforms: { dreamLimiterHeld: new Uniform(coefficients), dreamLimiterTiles: new Uniform(tiles), dreamLimiterOn: new Uniform(1), dreamLimiterCut: new Uniform(1), resolution },
      vertexShader: piecesVertexShader(PASS_VERTEX),
      fragmentShader: 'void main() { gl_FragColor = vec4(1.0); }',
      blending: AdditiveBlending,
      depthTest: false,
      depthWrite: false,
    })
    const camera = new OrthographicCamera()
    const around = new Mesh(HELD_REGION_PIECES.around, material)
    const held = new Mesh(HELD_REGION_PIECES.held, material)
    for (const mesh of [around, held]) mesh.frustumCulled = false
    const cases: [number, number, number, number][] = [
      [9, 5, 20, 11], // the middle
      [0, 0, 0, 0], // one corner tile
      [31, 17, 31, 17], // the other
      [0, 3, 31, 4], // a band across
      [0, 0, 31, 17], // everything
      [5, 0, 5, 17], // a column, top to bottom
      [1e6, 1e6, -1e6, -1e6], // nothing holds
    ]
    for (const [width, height] of [[256, 144], [333, 187], [97, 61]] as const) {
      const target = new WebGLRenderTarget(width, height, { type: FloatType, depthBuffer: false })
      resolution.value.set(width, height)
      for (const [x0, y0, x1, y1] of cases) {
        // only the rectangle's corner tiles hold (dimmed red, darkened, brightened): the scan finds their span
        const data = coefficients.image.data as Float32Array
        for (let i = 0; i < tiles.x * tiles.y; i++) data.set(identity, 4 * i)
        if (x1 >= x0) {
          data.set([0.5, 1, 0, 1], 4 * (y0 * tiles.x + x0))
          data.set([1, 0.8, 0, 1], 4 * (y1 * tiles.x + x1))
          data.set([1, 0.9, 0.1, 1], 4 * (y0 * tiles.x + x1))
        }
        coefficients.needsUpdate = true
        gl.setRenderTarget(target)
        gl.setClearColor(0x000000, 0)
        gl.clear()
        gl.autoClear = false
        gl.render(around, camera)
        gl.render(held, camera)
        gl.autoClear = true
        const pixels = new Float32Array(width * height * 4)
        gl.readRenderTargetPixels(target, 0, 0, width, height, pixels)
        const counts = new Map<number, number>()
        for (let i = 0; i < pixels.length; i += 4) counts.set(pixels[i]!, (counts.get(pixels[i]!) ?? 0) + 1)
        expect([...counts.entries()], `${width}x${height}, tiles ${x0},${y0}-${x1},${y1}`).toEqual([[1, width * height]])
      }
      target.dispose()
    }
    material.dispose()
  } finally {
    gl.dispose()
  }
})
