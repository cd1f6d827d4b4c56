import { BloomEffect } from 'postprocessing'
import { LinearFilter, Uniform, WebGLRenderTarget, type Camera, type Texture, type WebGLRenderer } from 'three'
import { defineLayer } from '../../core/defineLayer'
import { p } from '../../core/params'
import { createReusableWork } from '../../scene/frameReuse'
import { FullscreenPass } from '../../scene/fullscreenPass'
import type { ReadsPassInput } from '../../scene/layerEffect'
import { targetType } from '../../scene/targetPrecision'

/**
 * Light above the threshold, at half resolution. A soft knee (quadratic around the threshold, then linear)
 * keeps only the energy above it: a lamp or the moon glows, a pale wall just under the threshold hardly does.
 * Sampled between the four pixels of each 2 x 2 block, the bilinear fetch is their mean.
 */
const BRIGHT = /* glsl */ `
uniform sampler2D inputBuffer;
uniform float threshold;
uniform float knee;
varying vec2 vUv;
void main() {
  vec3 c = max(texture2D(inputBuffer, vUv).rgb, 0.0);
  float bright = max(c.r, max(c.g, c.b));
  float soft = clamp(bright - threshold + knee, 0.0, 2.0 * knee);
  soft = soft * soft / (4.0 * knee + 1e-5);
  gl_FragColor = vec4(c * (max(soft, bright - threshold) / max(bright, 1e-5)), 1.0);
}
`

/**
 * postprocessing's mipmap bloom fed from a half-resolution bright pass: its full-resolution luminance pass and
 * first 13-tap downsample (the dearest draws of the bloom) are gone; the glow is soft, so nothing shows. For the
 * same reason two live frames in three reuse the last glow (frameReuse.ts); it is redrawn on a frame that does not
 * redraw the water's reflection, so the two savings spread over the frames.
 */
class LightBloomEffect extends BloomEffect implements ReadsPassInput {
  /** The bright pass reads the pass's input: the bloom must come first in its pass (groupIntoPasses). */
  readonly startsPass = true
  private readonly bright = new WebGLRenderTarget(1, 1, { type: targetType(), minFilter: LinearFilter, magFilter: LinearFilter, depthBuffer: false })
  private readonly brightPass: FullscreenPass
  readonly threshold = new Uniform(1)
  readonly knee = new Uniform(0.3)
  private readonly work = createReusableWork(1)
  private camera: Camera | null = null

  constructor(private readonly time: Uniform<number> = new Uniform(0)) {
    super({ mipmapBlur: true, levels: 7 })
    this.brightPass = new FullscreenPass(BRIGHT, { inputBuffer: new Uniform<Texture | null>(null), threshold: this.threshold, knee: this.knee })
  }

  /** The composer hands every effect the view camera (EffectStack): a camera cut draws the glow anew. */
  override set mainCamera(camera: Camera) {
    this.camera = camera
  }

  override update(renderer: WebGLRenderer, inputBuffer: WebGLRenderTarget): void {
    const { width, height } = this.bright
    if (this.camera && this.work.mayReuse(renderer, this.camera, this.time.value, width, height)) return
    this.brightPass.uniforms.inputBuffer!.value = inputBuffer.texture
    this.brightPass.render(renderer, this.bright)
    this.mipmapBlurPass.render(renderer, this.bright, this.bright) // its output argument is unused: the blur ends in its own texture
    if (this.camera) this.work.drawn(this.camera, this.time.value, width, height)
  }

  override setSize(width: number, height: number): void {
    const w = Math.max(1, Math.round(width / 2))
    const h = Math.max(1, Math.round(height / 2))
    this.bright.setSize(w, h)
    this.mipmapBlurPass.setSize(w, h)
  }

  override dispose(): void {
    this.bright.dispose()
    this.brightPass.dispose()
    super.dispose()
  }
}

/** Dream glow: light above a threshold spread over a chain of ever smaller mip levels, added back as light. */
export const bloom = defineLayer({
  type: 'bloom',
  label: 'Bloom',
  kind: 'effect',
  cost: () => 7,
  description: 'A soft glow of light around what is brighter than the threshold (lamps, the moon, neon).',
  blend: 'add',
  createEffect: ({ uniforms }) => new LightBloomEffect(uniforms.get('uTime') as Uniform<number> | undefined),
  applyParams: (effect, values) => {
    effect.intensity = values.intensity
    effect.threshold.value = values.threshold
    effect.knee.value = Math.max(values.smoothing * values.threshold, 1e-3)
    effect.mipmapBlurPass.radius = values.radius
  },
  params: {
    intensity: p.float(1.2, { min: 0, max: 6, step: 0.01 }),
    threshold: p.float(0.8, { min: 0, max: 1.5, step: 0.01, hint: 'brightness (before exposure) above which light glows' }),
    smoothing: p.float(0.3, { min: 0, max: 1, step: 0.01, label: 'knee', hint: 'how softly the glow starts below the threshold, as a fraction of it' }),
    radius: p.float(0.75, { min: 0, max: 1, step: 0.01 }),
  },
})
