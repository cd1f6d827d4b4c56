/**
 * A full-screen shader draw into a render target, for effects that keep state between frames (the datamosh
 * smear's history, the flash limiter's measurements). One triangle, no depth, its own camera. The triangle is
 * shared with the backdrop layers (src/scene/DreamScene.tsx).
 */
import { BufferAttribute, BufferGeometry, GLSL3, Mesh, OrthographicCamera, ShaderMaterial, type IUniform, type WebGLRenderer, type WebGLRenderTarget } from 'three'

/** One triangle that covers the screen: cheaper than a quad (no diagonal seam, fewer helper pixels). */
export const FULL_SCREEN_TRIANGLE = new BufferGeometry().setAttribute(
  'position',
  new BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3),
)
const camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1)

export const FULLSCREEN_VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = position.xy * 0.5 + 0.5;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
`

export class FullscreenPass {
  readonly material: ShaderMaterial
  private readonly mesh: Mesh

  /**
   * `outputs`: true for a shader that declares its own outputs (GLSL 3, `layout(location = i) out`), to draw into
   * every colour attachment of a target made with `count` > 1; otherwise it writes gl_FragColor.
   */
  constructor(fragmentShader: string, uniforms: Record<string, IUniform>, { outputs = false }: { outputs?: boolean } = {}) {
    this.material = new ShaderMaterial({
      vertexShader: FULLSCREEN_VERTEX,
      fragmentShader,
      uniforms,
      depthTest: false,
      depthWrite: false,
      ...(outputs ? { glslVersion: GLSL3 } : {}),
    })
    this.mesh = new Mesh(FULL_SCREEN_TRIANGLE, this.material)
    this.mesh.frustumCulled = false
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
    renderer.render(this.mesh, camera)
  }

  dispose(): void {
    this.material.dispose()
  }
}
