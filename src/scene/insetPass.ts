/**
 * Insets (issue 14): a backdrop layer's costly detail that lies inside a small disc of the sky (the moon's
 * surface, `inset` in src/core/defineLayer.ts), drawn each frame into a small texture in the disc's own
 * coordinates, 1.5 texels per pixel the disc covers on screen, and read by the fused pass with one bilinear tap
 * (a texel fetch at one texel per pixel was 3 ms cheaper at 640 x 360 but showed the portal's thin rim and the
 * moon's terminator a pixel off in places: up to 70 code values at single pixels).
 *
 * Why not a branch: a software renderer runs both sides of every `if` for every pixel (only loop passes after the
 * first are skipped), so the moon's seven noise octaves, evaluated "only on the disc", cost every pixel of the sky
 * one octave and the rest of the surface's arithmetic: 23 ms of a 640 x 360 frame for the moon alone, 13 ms with
 * the inset, 8 ms with no surface at all (micro-benchmarks of the dumped fused shader, medians of 7). The texture is in the disc's coordinates,
 * so the water's mirrored camera reads the same one. It is redrawn every frame (a few thousand texels): nothing
 * is cached, so an edit, a morph or the portal's swirl shows at once.
 */
import { LinearFilter, Mesh, ShaderMaterial, Uniform, WebGLRenderTarget, type Texture } from 'three'
import type { AnyLayerType } from '../core/defineLayer'
import { FULL_SCREEN_TRIANGLE, FULLSCREEN_VERTEX } from './fullscreenPass'
import { HOST_GLSL, type HostUniforms } from './hostUniforms'
import { targetType } from './targetPrecision'

/** The inset texture's side bounds in texels (a portal filling the view needs no more than this). */
export const INSET_MIN_SIZE = 8
export const INSET_MAX_SIZE = 512

/**
 * `dreamInset(local)` as a layer's fragment calls it: evaluated in place (`sampled` false: reference mode, a
 * layer drawn on its own), or one bilinear tap of the inset texture `dreamInsetTexture`. Either way the square
 * [-1, 1] is what exists: beyond it, its edge.
 */
export function insetGlsl(sampled: boolean): string {
  if (!sampled)
    return `vec4 renderInset(vec2 local);
vec4 dreamInset(vec2 local) { return renderInset(clamp(local, -1.0, 1.0)); }`
  return `uniform sampler2D dreamInsetTexture;
vec4 dreamInset(vec2 local) { return texture(dreamInsetTexture, clamp(local, -1.0, 1.0) * 0.5 + 0.5); }`
}

/** Inset texels per pixel of the disc on screen: the bilinear tap then blurs nothing a pixel could show. */
export const INSET_TEXELS_PER_PIXEL = 1.5

/**
 * The inset texture's side for a disc of angular radius `radius` (radians) in a picture `height` pixels high
 * whose camera has tan(vertical fov / 2) = `tanHalfFov`: INSET_TEXELS_PER_PIXEL texels per pixel of its diameter.
 */
export function insetSize(radius: number, height: number, tanHalfFov: number): number {
  const pixelsPerRadian = height / 2 / Math.max(tanHalfFov, 1e-6)
  const side = Math.ceil(2 * Math.tan(Math.min(Math.max(radius, 0), 1.4)) * pixelsPerRadian * INSET_TEXELS_PER_PIXEL)
  return Math.min(INSET_MAX_SIZE, Math.max(INSET_MIN_SIZE, Number.isFinite(side) ? side : INSET_MIN_SIZE))
}

export interface InsetPass {
  slot: number
  /** The full-screen triangle with the inset program (gl.render(object, any camera) into `target`). */
  object: Mesh
  target: WebGLRenderTarget
  /** Sizes the texture for this frame's disc and camera (`height`: the picture's, in pixels). */
  setSize(height: number, tanHalfFov: number): void
  dispose(): void
}

/**
 * The inset pass of fused slot `slot`: `section` is the slot's GLSL (its uniforms, prefixed as the fused pass
 * prefixes them, and renderInset), `params` the slot's param uniforms (shared with the fused pass, so an edit
 * reaches both), `texture` receives the fused pass's `d<slot>_dreamInsetTexture` uniform.
 */
export function createInsetPass(
  layerType: AnyLayerType,
  slot: number,
  section: string,
  prefix: string,
  params: Readonly<Record<string, Uniform>>,
  host: HostUniforms,
  texture: Uniform<Texture | null>,
): InsetPass {
  const radiusOf = layerType.inset!
  const target = new WebGLRenderTarget(INSET_MIN_SIZE, INSET_MIN_SIZE, { type: targetType(), depthBuffer: false, minFilter: LinearFilter, magFilter: LinearFilter })
  texture.value = target.texture
  const uniforms: Record<string, Uniform> = { ...host }
  for (const [key, uniform] of Object.entries(params)) uniforms[prefix + key] = uniform
  const material = new ShaderMaterial({
    name: `dream-inset:${layerType.type}`,
    uniforms,
    vertexShader: FULLSCREEN_VERTEX,
    fragmentShader: `#define DREAM_FUSED_PASS
${HOST_GLSL}
varying vec2 vUv;
${section}
void main() { gl_FragColor = ${prefix}renderInset(vUv * 2.0 - 1.0); }
`,
    depthTest: false,
    depthWrite: false,
  })
  const object = Object.assign(new Mesh(FULL_SCREEN_TRIANGLE, material), { frustumCulled: false })
  // the current values, read from the uniforms (a morph or a modulation moves them), into one reused record
  const values: Record<string, unknown> = {}
  return {
    slot,
    object,
    target,
    setSize(height, tanHalfFov) {
      for (const key in params) values[key] = params[key]!.value
      const side = insetSize(radiusOf(values as Parameters<typeof radiusOf>[0]), height, tanHalfFov)
      if (target.width !== side) target.setSize(side, side)
    },
    dispose() {
      material.dispose()
      target.dispose()
    },
  }
}
