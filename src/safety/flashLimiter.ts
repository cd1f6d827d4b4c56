/**
 * The flash limiter: the last effect before the dither. It keeps the rendered output below the WCAG 2.3.1 /
 * IRIS flash limits (see flashAnalyser.ts) whatever a preset asks for, without reading pixels back to the CPU.
 *
 * Every frame, on the GPU:
 * 1. red: the saturated-red measure of the frame may rise by at most RED_RISE per second (less than the red
 *    threshold in the analyser's one-second accumulation window), so red cannot flash up; saturated reds are
 *    dimmed by the allowed ratio (dimming keeps their hue ratio, so the red measure scales exactly);
 * 2. measure: the mean relative luminance of that (clamped to the displayable range) into a small power-of-two
 *    target whose mip chain averages it down to one texel;
 * 3. luminance state (a 1x1 float ping-pong texture): the limiter replays the analyser's bookkeeping on its own
 *    output (accumulated same-direction change, whether this run already counted, time of the last counted
 *    transition) with a stricter threshold than the analyser's. A run may count as a transition only if the
 *    last one was at least GAP seconds ago; otherwise the output mean is held just short of the threshold.
 *    GAP = 0.4 s allows at most 3 transitions in any second: no FAIL (> 6) and no EXTENDED FAIL (needs 4+);
 * 4. apply: one texel of coefficients (red scale, gain, lift) is computed for the frame; then reds are dimmed
 *    and every pixel mapped so the frame mean is the allowed one (scale towards black to darken, towards white
 *    to brighten: the picture's structure stays, only its level moves). Red goes first
 *    because dimming red changes luminance, and the luminance step must see the picture it lets through
 *    (the mapping itself can only lower the red measure).
 *
 * Margins: the limiter counts a transition at 0.07 where the analyser needs 0.1, and treats every frame as dark
 * (it ignores the analyser's "darker state below 0.8" exemption), so it errs on the side of holding.
 */
import { Effect } from 'postprocessing'
import {
  FloatType,
  HalfFloatType,
  LinearFilter,
  LinearMipmapLinearFilter,
  NearestFilter,
  Uniform,
  Vector2,
  WebGLRenderTarget,
  type Texture,
  type WebGLRenderer,
} from 'three'
import { FullscreenPass } from './fullscreenPass'

/** Seconds that must pass between two transitions the limiter lets through. */
export const LIMITER_GAP = 0.4
/** Luminance change at which the limiter counts a transition (the analyser counts at 0.1). */
export const LIMITER_THRESHOLD = 0.07
/** Largest rise of the red measure per second, in linear units (the analyser's threshold is 20/320 = 0.0625). */
export const LIMITER_RED_RISE = 0.04
/** Largest side of the measurement target. */
const MEASURE_MAX = 256

const SHARED = /* glsl */ `
varying vec2 vUv;
float limiterLuminance(vec3 c) { return dot(c, vec3(0.2126, 0.7152, 0.0722)); }
float limiterRedWeight(vec3 c) {
  // dim from just below the saturated-red boundary, so the picture shows no edge there
  float sum = c.r + c.g + c.b;
  return smoothstep(0.72, 0.8, sum > 0.0 ? c.r / sum : 0.0);
}
float limiterRed(vec3 c) {
  float sum = c.r + c.g + c.b;
  if (sum <= 0.0 || c.r < 0.8 * sum) return 0.0;
  return max(c.r - c.g - c.b, 0.0);
}
`

const MEASURE = /* glsl */ `
${SHARED}
uniform sampler2D tInput;
uniform vec2 inputSize;
uniform vec2 measureSize;
uniform sampler2D tRedState;
uniform float mode; // 0: red measure of the input; 1: luminance of the input after red dimming
void main() {
  float redScale = mode > 0.5 ? texture2D(tRedState, vec2(0.5)).w : 1.0;
  vec2 cell = inputSize / measureSize; // input pixels per measure texel
  float total = 0.0;
  for (int j = 0; j < 2; j++) {
    for (int i = 0; i < 2; i++) {
      // sample pixel centres (no filtering): the red measure is not linear in colour
      vec2 pixel = floor((vUv - 0.5 / measureSize) * inputSize + (vec2(float(i), float(j)) + 0.5) * cell * 0.5) + 0.5;
      vec3 c = clamp(texture2D(tInput, pixel / inputSize).rgb, 0.0, 1.0);
      total += mode > 0.5 ? limiterLuminance(c * mix(1.0, redScale, limiterRedWeight(c))) : limiterRed(c);
    }
  }
  gl_FragColor = vec4(total * 0.25, 0.0, 0.0, 1.0);
}
`

const LUMINANCE_STATE = /* glsl */ `
${SHARED}
uniform sampler2D tState;    // previous: (output mean, accumulated change, run counted, time of last counted transition)
uniform sampler2D tLumMeasure;
uniform float now;
uniform float reset;
uniform float limiting;
uniform float gap;
uniform float threshold;
void main() {
  float meanIn = textureLod(tLumMeasure, vec2(0.5), 20.0).r;
  vec4 state = texture2D(tState, vec2(0.5));
  if (reset > 0.5) {
    gl_FragColor = vec4(meanIn, 0.0, 0.0, now - 1000.0);
    return;
  }
  float previousOut = state.x;
  float accumulated = state.y;
  float counted = state.z;
  float lastCount = min(state.w, now);
  float diff = meanIn - previousOut;
  bool sameDirection = (diff <= 0.0 && accumulated <= 0.0) || (diff >= 0.0 && accumulated >= 0.0);
  float runBefore = sameDirection ? accumulated : 0.0;
  float run = runBefore + diff;
  if (!sameDirection) counted = 0.0;
  float outMean = meanIn;
  if (counted < 0.5 && abs(run) >= threshold) {
    if (limiting < 0.5 || now - lastCount >= gap) {
      counted = 1.0;
      lastCount = now;
    } else {
      // too soon after the last transition: stop just short of making another one
      float held = sign(run) * threshold * 0.97;
      outMean = clamp(previousOut + held - runBefore, 0.0, 1.0);
      run = held;
    }
  }
  gl_FragColor = vec4(outMean, run, counted, lastCount);
}
`

const RED_STATE = /* glsl */ `
${SHARED}
uniform sampler2D tState;       // previous: (red let through, red measured, unused, red scale)
uniform sampler2D tRedMeasure;
uniform float reset;
uniform float limiting;
uniform float riseLimit;        // largest red rise this frame
void main() {
  float red = textureLod(tRedMeasure, vec2(0.5), 20.0).r;
  float allowed = texture2D(tState, vec2(0.5)).x + riseLimit;
  float outRed = (reset > 0.5 || limiting < 0.5) ? red : min(red, allowed);
  float scale = red > 1e-6 ? outRed / red : 1.0;
  gl_FragColor = vec4(outRed, red, 0.0, scale);
}
`

// Once per frame, into one texel: everything the per-pixel step needs, so that step is a single fetch and a
// multiply-add (on a software renderer the per-pixel mip and state lookups cost more than the whole dither).
const COEFFICIENTS = /* glsl */ `
uniform sampler2D tRedState;
uniform sampler2D tLumState;
uniform sampler2D tLumMeasure;
void main() {
  float redScale = texture2D(tRedState, vec2(0.5)).w;
  float meanIn = textureLod(tLumMeasure, vec2(0.5), 20.0).r;
  float meanOut = texture2D(tLumState, vec2(0.5)).x;
  // darken: scale towards black; brighten: scale towards white (c' = 1 - (1 - c) k = c k + 1 - k)
  float gain = meanOut <= meanIn ? meanOut / max(meanIn, 1e-5) : (1.0 - meanOut) / max(1.0 - meanIn, 1e-5);
  float lift = meanOut <= meanIn ? 0.0 : 1.0 - gain;
  gl_FragColor = vec4(redScale, gain, lift, 1.0);
}
`

const APPLY = /* glsl */ `
uniform sampler2D limiterCoefficients; // (red scale, gain, lift, -)
uniform float limiterActive;
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  if (limiterActive < 0.5) {
    outputColor = inputColor;
    return;
  }
  vec4 k = texelFetch(limiterCoefficients, ivec2(0), 0);
  vec3 c = clamp(inputColor.rgb, 0.0, 1.0);
  if (k.x < 1.0) {
    // dim saturated reds (hue ratio kept, so the red measure scales by exactly the allowed ratio), fading in
    // just below the saturated-red boundary so the picture shows no edge there
    float sum = c.r + c.g + c.b;
    c *= mix(1.0, k.x, smoothstep(0.72, 0.8, sum > 0.0 ? c.r / sum : 0.0));
  }
  outputColor = vec4(c * k.y + k.z, inputColor.a);
}
`

const floorPowerOfTwo = (n: number) => 2 ** Math.floor(Math.log2(Math.max(1, n)))

/** Options: where dream time comes from (the limiter's clock must be the dream clock, not frame counts). */
export interface FlashLimiterOptions {
  time: () => number
}

export class FlashLimiterEffect extends Effect {
  /** Off only when the document allows intense flashing (and never in calm mode): then the frame passes untouched. */
  active = true
  private readonly time: () => number
  private lastTime = Number.NaN
  private readonly lumMeasure: WebGLRenderTarget
  private readonly redMeasure: WebGLRenderTarget
  private readonly lumStates: [WebGLRenderTarget, WebGLRenderTarget]
  private readonly redStates: [WebGLRenderTarget, WebGLRenderTarget]
  private current: 0 | 1 = 0
  private readonly measurePass: FullscreenPass
  private readonly lumStatePass: FullscreenPass
  private readonly redStatePass: FullscreenPass
  private readonly coefficients: WebGLRenderTarget
  private readonly coefficientsPass: FullscreenPass
  private readonly activeUniform: Uniform<number>

  constructor({ time }: FlashLimiterOptions) {
    const coefficientsUniform = new Uniform<Texture | null>(null)
    const activeUniform = new Uniform(0)
    super('FlashLimiter', APPLY, {
      uniforms: new Map<string, Uniform>([
        ['limiterCoefficients', coefficientsUniform],
        ['limiterActive', activeUniform],
      ]),
    })
    this.time = time
    this.activeUniform = activeUniform
    const measureOptions = {
      type: HalfFloatType,
      generateMipmaps: true,
      minFilter: LinearMipmapLinearFilter,
      magFilter: LinearFilter,
      depthBuffer: false,
    }
    this.lumMeasure = new WebGLRenderTarget(64, 64, measureOptions)
    this.redMeasure = new WebGLRenderTarget(64, 64, measureOptions)
    const stateOptions = { type: FloatType, minFilter: NearestFilter, magFilter: NearestFilter, depthBuffer: false }
    this.lumStates = [new WebGLRenderTarget(1, 1, stateOptions), new WebGLRenderTarget(1, 1, stateOptions)]
    this.redStates = [new WebGLRenderTarget(1, 1, stateOptions), new WebGLRenderTarget(1, 1, stateOptions)]
    this.coefficients = new WebGLRenderTarget(1, 1, stateOptions)
    coefficientsUniform.value = this.coefficients.texture
    this.measurePass = new FullscreenPass(MEASURE, {
      tInput: new Uniform(null),
      inputSize: new Uniform(new Vector2(1, 1)),
      measureSize: new Uniform(new Vector2(64, 64)),
      tRedState: new Uniform(null),
      mode: new Uniform(0),
    })
    this.lumStatePass = new FullscreenPass(LUMINANCE_STATE, {
      tState: new Uniform(null),
      tLumMeasure: new Uniform(null),
      now: new Uniform(0),
      reset: new Uniform(1),
      limiting: new Uniform(1),
      gap: new Uniform(LIMITER_GAP),
      threshold: new Uniform(LIMITER_THRESHOLD),
    })
    this.redStatePass = new FullscreenPass(RED_STATE, {
      tState: new Uniform(null),
      tRedMeasure: new Uniform(null),
      reset: new Uniform(1),
      limiting: new Uniform(1),
      riseLimit: new Uniform(0),
    })
    this.coefficientsPass = new FullscreenPass(COEFFICIENTS, {
      tRedState: new Uniform(null),
      tLumState: new Uniform(null),
      tLumMeasure: new Uniform(this.lumMeasure.texture),
    })
  }

  private fitMeasure(width: number, height: number): void {
    const w = Math.min(MEASURE_MAX, floorPowerOfTwo(width))
    const h = Math.min(MEASURE_MAX, floorPowerOfTwo(height))
    if (this.lumMeasure.width !== w || this.lumMeasure.height !== h) {
      this.lumMeasure.setSize(w, h)
      this.redMeasure.setSize(w, h)
    }
  }

  override update(renderer: WebGLRenderer, inputBuffer: WebGLRenderTarget): void {
    this.activeUniform.value = this.active ? 1 : 0
    const now = this.time()
    const dt = now - this.lastTime
    // first frame, a scrub backwards or a long pause: start from what is on screen, no history to honour
    const reset = !(dt >= 0 && dt <= 1)
    this.lastTime = now
    this.fitMeasure(inputBuffer.width, inputBuffer.height)

    const read = this.current
    const write = read === 0 ? 1 : 0
    const measure = this.measurePass.material.uniforms
    measure.tInput!.value = inputBuffer.texture
    ;(measure.inputSize!.value as Vector2).set(inputBuffer.width, inputBuffer.height)
    ;(measure.measureSize!.value as Vector2).set(this.lumMeasure.width, this.lumMeasure.height)
    measure.mode!.value = 0
    this.measurePass.render(renderer, this.redMeasure)

    const red = this.redStatePass.material.uniforms
    red.tState!.value = this.redStates[read].texture
    red.tRedMeasure!.value = this.redMeasure.texture
    red.reset!.value = reset ? 1 : 0
    red.limiting!.value = this.active ? 1 : 0
    red.riseLimit!.value = LIMITER_RED_RISE * Math.min(Math.max(dt, 0), 0.1)
    this.redStatePass.render(renderer, this.redStates[write])

    measure.mode!.value = 1
    measure.tRedState!.value = this.redStates[write].texture
    this.measurePass.render(renderer, this.lumMeasure)

    const lum = this.lumStatePass.material.uniforms
    lum.tState!.value = this.lumStates[read].texture
    lum.tLumMeasure!.value = this.lumMeasure.texture
    lum.now!.value = now
    lum.reset!.value = reset ? 1 : 0
    lum.limiting!.value = this.active ? 1 : 0
    this.lumStatePass.render(renderer, this.lumStates[write])

    const coefficients = this.coefficientsPass.material.uniforms
    coefficients.tRedState!.value = this.redStates[write].texture
    coefficients.tLumState!.value = this.lumStates[write].texture
    this.coefficientsPass.render(renderer, this.coefficients)
    this.current = write
  }

  override dispose(): void {
    for (const target of [this.lumMeasure, this.redMeasure, ...this.lumStates, ...this.redStates, this.coefficients]) target.dispose()
    this.measurePass.dispose()
    this.coefficientsPass.dispose()
    this.lumStatePass.dispose()
    this.redStatePass.dispose()
    super.dispose()
  }
}
