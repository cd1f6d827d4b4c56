import { Effect, EffectAttribute } from 'postprocessing'
import { LinearFilter, Uniform, Vector2, WebGLRenderTarget, type Texture, type WebGLRenderer } from 'three'
import { defineLayer, type EffectLayerContext } from '../../core/defineLayer'
import { p } from '../../core/params'
import { FullscreenPass } from '../../scene/fullscreenPass'
import fragment from '../../../shaders/layers/glitch-smear.frag'
import feedbackFragment from '../../../shaders/layers/glitch-smear-feedback.frag'
import { targetType } from '../../scene/targetPrecision'

/** Seconds of dream time after which the history is stale (a pause, a scrub, a jump): start again from the frame. */
const STALE_AFTER = 0.25

/**
 * The datamosh effect: keeps its own history (two render targets, ping-pong) and, once per frame, runs one
 * "broken decoder" step into it. All rates come from dream time (uTime), never from the number of frames.
 */
class SmearEffect extends Effect {
  private readonly targets: [WebGLRenderTarget, WebGLRenderTarget]
  private readonly feedback: FullscreenPass
  private readonly smearBuffer: Uniform<Texture | null>
  private readonly host: Map<string, { value: unknown }>
  private lastTime = Number.NaN
  private current: 0 | 1 = 0

  constructor(context: EffectLayerContext) {
    const smearBuffer = new Uniform<Texture | null>(null)
    super(context.name, context.fragment, {
      uniforms: new Map<string, Uniform>([...context.uniforms, ['smearBuffer', smearBuffer]]),
      attributes: EffectAttribute.NONE,
    })
    this.smearBuffer = smearBuffer
    this.host = context.uniforms
    const options = { type: targetType(), minFilter: LinearFilter, magFilter: LinearFilter, depthBuffer: false }
    this.targets = [new WebGLRenderTarget(1, 1, options), new WebGLRenderTarget(1, 1, options)]
    this.feedback = new FullscreenPass(feedbackFragment, {
      tInput: new Uniform(null),
      tHistory: new Uniform(null),
      bufferSize: new Uniform(new Vector2(1, 1)),
      keep: new Uniform(0),
      flowAmount: new Uniform(0),
      blockPixels: new Uniform(16),
      moshChance: new Uniform(0),
      time: new Uniform(0),
      seed: new Uniform(0),
    })
  }

  private number(name: string): number {
    const value = this.host.get(name)?.value
    return typeof value === 'number' ? value : 0
  }

  override setSize(width: number, height: number): void {
    for (const target of this.targets) target.setSize(Math.max(1, width), Math.max(1, height))
    this.lastTime = Number.NaN
  }

  override update(renderer: WebGLRenderer, inputBuffer: WebGLRenderTarget): void {
    const [width, height] = [inputBuffer.width, inputBuffer.height]
    if (this.targets[0].width !== width || this.targets[0].height !== height) this.setSize(width, height)
    const time = this.number('uTime')
    const dt = time - this.lastTime
    const fresh = !(dt >= 0 && dt < STALE_AFTER)
    this.lastTime = time
    const k = Math.min(1, Math.max(0, this.number('intensity') * this.number('uCrash')))
    // persistence is "kept per 1/60 s": raise it to the frame's duration so 30 Hz and 144 Hz melt alike
    const keep = fresh ? 0 : Math.pow(this.number('persistence'), dt * 60) * Math.min(1, k * 1.4)
    const read = this.targets[this.current]
    const write = this.targets[this.current === 0 ? 1 : 0]
    const u = this.feedback.uniforms
    u.tInput!.value = inputBuffer.texture
    u.tHistory!.value = read.texture
    ;(u.bufferSize!.value as Vector2).set(width, height)
    u.keep!.value = keep
    // flow is frame widths per dream-second: this frame's step is its share of that
    u.flowAmount!.value = fresh ? 0 : this.number('flow') * k * dt
    u.blockPixels!.value = Math.max(2, this.number('blockSize'))
    u.moshChance!.value = 0.25 + 0.75 * k
    u.time!.value = time
    u.seed!.value = this.number('uSeed')
    this.feedback.render(renderer, write)
    this.smearBuffer.value = write.texture
    this.current = this.current === 0 ? 1 : 0
  }

  override dispose(): void {
    for (const target of this.targets) target.dispose()
    this.feedback.dispose()
    super.dispose()
  }
}

/** Datamosh: the dream melts between frames, old pixels dragged along blocky motion vectors. */
export const glitchSmear = defineLayer({
  type: 'glitch-smear',
  label: 'Glitch: datamosh smear',
  kind: 'effect',
  cost: () => 5,
  description: 'The dream melts between frames: old pixels dragged along blocky motion vectors instead of refreshing.',
  fragment,
  glitch: true,
  // the smear and its history are read texel for texel at the picture's own pixels
  pixelGrid: true,
  createEffect: (context) => new SmearEffect(context),
  params: {
    intensity: p.float(0.5, { min: 0, max: 1, step: 0.01, hint: 'scaled by the crash envelope' }),
    persistence: p.float(0.97, { min: 0, max: 0.995, step: 0.001, hint: 'how much of the old picture survives each 1/60 s' }),
    flow: p.float(0.25, { min: 0, max: 1.5, step: 0.01, hint: 'how far the melt travels, in frame widths per dream-second' }),
    blockSize: p.int(16, { min: 4, max: 64, label: 'block size', hint: 'macroblock size in pixels' }),
  },
})
