/**
 * The flash limiter: in the output pass after the tone mapping, before the dither. It keeps the rendered output below the WCAG 2.3.1 /
 * IRIS flash limits (see flashAnalyser.ts) in every part of the screen, whatever a preset asks for, on the GPU,
 * without reading pixels back to the CPU.
 *
 * Per region. WCAG counts a flash over a quarter of any 10 degree field (about a ninth of the screen), so a
 * whole-frame mean hides local flashes. The limiter works on a grid of tiles (32 along the long side, 18 on a
 * 16:9 screen: about a tenth of a 10 degree field per side), each with its own state in small float textures:
 *
 * Tiles are tents, not boxes. The per-pixel coefficients are sampled bilinearly between tile centres (smooth:
 * no seams, no blocky steps), so a pixel's mapping is a weighted sum of its four nearest tiles with the bilinear
 * ("tent") weights. Every tile measures its input with those same tent weights. Because the mapping is linear in
 * the coefficients, the mean output of ANY region is then exactly the tent-weighted combination of the tiles'
 * own outputs (mean(c k + l) over a region = sum over tiles of k_j * tentSum_j(c) + l_j * tentSum_j(1)): the
 * smooth field is not an approximation of what the state machine decided, it is what it decided.
 *
 * Every frame, on the GPU (measure targets are 4 x 4 texels per tile, each from 2 x 2 point samples):
 * 1. red, per tile: the tent-weighted saturated-red measure of the final output may rise by at most RED_RISE per
 *    second (less than the analyser's red threshold within its one-second accumulation), measured against what
 *    the previous frame really showed (after the luminance step), so a luminance hold that hid red cannot release
 *    it in one step (the staircase). Rises are bounded, so a fall big enough to count needs a level that took
 *    more than 1.5 s to build: falls are bounded as well. Saturated reds are dimmed by the allowed ratio (hue
 *    ratio kept, so the red measure scales exactly, and dimming only lowers red);
 * 2. luminance, per tile (ping-pong float state: output mean, accumulated same-direction change, whether this run
 *    already counted, time of the last counted transition): the analyser's bookkeeping replayed with a stricter
 *    threshold. A run may count as a transition only if no tile within a 10 degree field's reach counted one in
 *    the last GAP seconds (read from last frame's states); otherwise the tile's output is held just short
 *    of the threshold. Sharing the budget over the neighbourhood matters: two halves of a field flashing in turn
 *    would each pass on their own and together flash twice as often. GAP = 0.4 s: at most 3 transitions in any
 *    second of any field, no FAIL (> 6) and no EXTENDED FAIL (needs 4+);
 * 3. coefficients per tile (red scale, gain, lift): darken by scaling towards black, brighten by scaling towards
 *    white (c' = c k + 1 - k); the picture's structure stays, only its level moves, and only where it flashes;
 * 4. one texel says whether any tile holds anything: when none does (most frames of most dreams), the per-pixel
 *    step is a cached fetch and a clamp, not a filtered lookup.
 *
 * Time: the limiter counts in display seconds (dream time divided by the time speed; the frame's own delta when
 * the dream is stopped), because flashes are seen in real time: at time speed 4 every rate is four times faster.
 *
 * Margins: transitions counted at LIMITER_THRESHOLD where the analyser needs 0.1, every frame treated as dark.
 */
import { Effect } from 'postprocessing'
import {
  FloatType,
  HalfFloatType,
  LinearFilter,
  NearestFilter,
  Uniform,
  Vector2,
  WebGLRenderTarget,
  type Texture,
  type WebGLRenderer,
} from 'three'
import { FullscreenPass } from '../scene/fullscreenPass'
import { TONE_MAPPING_GLSL } from '../scene/outputEffect'

/** Display seconds that must pass between two transitions the limiter lets through within a field's reach. */
export const LIMITER_GAP = 0.4
/** Luminance change at which a tile counts a transition (the analyser counts at 0.1). */
export const LIMITER_THRESHOLD = 0.06
/** Largest rise of the red measure per display second, in linear units (the analyser's threshold is 20/320 = 0.0625). */
export const LIMITER_RED_RISE = 0.04
/** Tiles along the long side of the picture; the short side gets as many as keeps them square (at least 8). */
export const LIMITER_TILES_LONG = 32
/** Measure texels per tile side. */
const PER_TILE = 4
/** Largest neighbourhood radius, in tiles, that the state shader loops over. */
const MAX_RADIUS = 16
/** Largest tile count per side the shaders loop over (the grid is 32 x 18 on 16:9, 32 x 32 at most). */
const MAX_TILES = 32

/** The tile grid for a picture size: square-ish tiles, LIMITER_TILES_LONG along the long side. */
export function limiterTiles(width: number, height: number): { x: number; y: number } {
  const long = LIMITER_TILES_LONG
  const short = Math.max(8, Math.round((long * Math.min(width, height)) / Math.max(width, height, 1)))
  return width >= height ? { x: long, y: short } : { x: short, y: long }
}

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

// The tent-weighted mean of a tile's measure texels: the same weights the bilinear coefficient lookup gives
// (tile centres at texel centres, clamped at the picture's edges).
const TENT = /* glsl */ `
uniform vec2 tiles;
float tentMean(sampler2D measure, ivec2 tile) {
  ivec2 size = ivec2(tiles) * ${PER_TILE};
  float total = 0.0;
  float weights = 0.0;
  ivec2 first = tile * ${PER_TILE} - ${PER_TILE / 2};
  for (int j = 0; j < ${2 * PER_TILE}; j++) {
    int y = first.y + j;
    if (y < 0 || y >= size.y) continue;
    float sy = clamp((float(y) + 0.5) / ${PER_TILE}.0 - 0.5, 0.0, tiles.y - 1.0);
    float wy = max(0.0, 1.0 - abs(sy - float(tile.y)));
    for (int i = 0; i < ${2 * PER_TILE}; i++) {
      int x = first.x + i;
      if (x < 0 || x >= size.x) continue;
      float sx = clamp((float(x) + 0.5) / ${PER_TILE}.0 - 0.5, 0.0, tiles.x - 1.0);
      float w = wy * max(0.0, 1.0 - abs(sx - float(tile.x)));
      total += w * texelFetch(measure, ivec2(x, y), 0).r;
      weights += w;
    }
  }
  return weights > 0.0 ? total / weights : 0.0;
}
`

const MEASURE = /* glsl */ `
${SHARED}
${TONE_MAPPING_GLSL}
uniform sampler2D tInput;       // the HDR picture before the output pass: measured as displayed (tone mapped)
uniform float exposure;
uniform vec2 inputSize;
uniform vec2 measureSize;
uniform sampler2D tRedScale;     // per tile, bilinear: the red dimming about to be applied
uniform sampler2D tCoefficients; // per tile, bilinear: (red scale, gain, lift) as applied
uniform float mode;              // 0: red of the input; 1: luminance after red dimming; 2: red of the final output
uniform float applying;
void main() {
  vec2 cell = inputSize / measureSize; // input pixels per measure texel
  vec2 origin = floor(gl_FragCoord.xy) * cell;
  float redScale = mode > 0.5 && mode < 1.5 ? texture2D(tRedScale, vUv).r : 1.0;
  vec4 k = mode > 1.5 && applying > 0.5 ? texture2D(tCoefficients, vUv) : vec4(1.0, 1.0, 0.0, 1.0);
  float total = 0.0;
  for (int j = 0; j < 2; j++) {
    for (int i = 0; i < 2; i++) {
      // sample pixel centres (no filtering): the red measure is not linear in colour
      vec2 pixel = floor(origin + (vec2(float(i), float(j)) + 0.5) * cell * 0.5) + 0.5;
      vec3 c = dreamToneMap(texture2D(tInput, pixel / inputSize).rgb, exposure);
      if (mode < 0.5) {
        total += limiterRed(clamp(c, 0.0, 1.0));
      } else if (mode < 1.5) {
        c = clamp(c, 0.0, 1.0);
        total += limiterLuminance(c * mix(1.0, redScale, limiterRedWeight(c)));
      } else {
        if (applying > 0.5) {
          c = clamp(c, 0.0, 1.0);
          c = c * mix(1.0, k.x, limiterRedWeight(c)) * k.y + k.z;
        }
        total += limiterRed(clamp(c, 0.0, 1.0));
      }
    }
  }
  gl_FragColor = vec4(total * 0.25, 0.0, 0.0, 1.0);
}
`

const RED_STATE = /* glsl */ `
${TENT}
uniform sampler2D tRedMeasure;  // this frame's input
uniform sampler2D tFinalRed;    // last frame's output, as shown
uniform float reset;
uniform float limiting;
uniform float riseLimit;        // largest red rise this frame
void main() {
  ivec2 tile = ivec2(gl_FragCoord.xy);
  float red = tentMean(tRedMeasure, tile);
  float allowed = tentMean(tFinalRed, tile) + riseLimit;
  float scale = (reset > 0.5 || limiting < 0.5 || red <= allowed) ? 1.0 : allowed / max(red, 1e-6);
  gl_FragColor = vec4(scale, red, allowed, 1.0);
}
`

const LUMINANCE_STATE = /* glsl */ `
${TENT}
uniform sampler2D tState;         // previous: (output mean, accumulated change, run counted, time of last counted transition)
uniform sampler2D tLumMeasure;
uniform vec2 reach;               // a field's reach, in tiles: whose transitions share this tile's budget
uniform float now;
uniform float reset;
uniform float limiting;
uniform float gap;
uniform float threshold;
void main() {
  ivec2 tile = ivec2(gl_FragCoord.xy);
  float meanIn = tentMean(tLumMeasure, tile);
  vec4 state = texelFetch(tState, tile, 0);
  if (reset > 0.5) {
    gl_FragColor = vec4(meanIn, 0.0, 0.0, now - 1000.0);
    return;
  }
  float previousOut = state.x;
  float accumulated = state.y;
  float counted = state.z;
  float lastCount = min(state.w, now);
  // the last counted transition anywhere within a field's reach (last frame's states)
  float lastNearby = lastCount;
  for (int dy = -${MAX_RADIUS}; dy <= ${MAX_RADIUS}; dy++) {
    if (float(dy) < -reach.y) continue;
    if (float(dy) > reach.y) break;
    int y = tile.y + dy;
    if (y < 0 || y >= int(tiles.y)) continue;
    for (int dx = -${MAX_RADIUS}; dx <= ${MAX_RADIUS}; dx++) {
      if (float(dx) < -reach.x) continue;
      if (float(dx) > reach.x) break;
      int x = tile.x + dx;
      if (x < 0 || x >= int(tiles.x)) continue;
      lastNearby = max(lastNearby, texelFetch(tState, ivec2(x, y), 0).w);
    }
  }
  lastNearby = min(lastNearby, now);
  float diff = meanIn - previousOut;
  bool sameDirection = (diff <= 0.0 && accumulated <= 0.0) || (diff >= 0.0 && accumulated >= 0.0);
  float runBefore = sameDirection ? accumulated : 0.0;
  float run = runBefore + diff;
  if (!sameDirection) counted = 0.0;
  float outMean = meanIn;
  if (counted < 0.5 && abs(run) >= threshold) {
    if (limiting < 0.5 || now - lastNearby >= gap) {
      counted = 1.0;
      lastCount = now;
    } else {
      // too soon after the last transition nearby: stop just short of making another one
      float held = sign(run) * threshold * 0.97;
      outMean = clamp(previousOut + held - runBefore, 0.0, 1.0);
      run = held;
    }
  }
  gl_FragColor = vec4(outMean, run, counted, lastCount);
}
`

// Once per frame per tile: everything the per-pixel step needs, so that step is one bilinear fetch and a
// multiply-add.
const COEFFICIENTS = /* glsl */ `
${TENT}
uniform sampler2D tRedState;
uniform sampler2D tLumState;
uniform sampler2D tLumMeasure;
void main() {
  ivec2 tile = ivec2(gl_FragCoord.xy);
  float redScale = texelFetch(tRedState, tile, 0).r;
  float meanIn = tentMean(tLumMeasure, tile);
  float meanOut = texelFetch(tLumState, tile, 0).x;
  // nothing held (the state keeps the measured mean bit for bit): the identity, also for a black tile, where
  // the ratio below would give 0 and its bilinear spread would dim the neighbours' edges
  if (meanOut == meanIn) {
    gl_FragColor = vec4(redScale, 1.0, 0.0, 1.0);
    return;
  }
  // darken: scale towards black; brighten: scale towards white (c' = 1 - (1 - c) k = c k + 1 - k)
  float gain = meanOut <= meanIn ? meanOut / max(meanIn, 1e-5) : (1.0 - meanOut) / max(1.0 - meanIn, 1e-5);
  float lift = meanOut <= meanIn ? 0.0 : 1.0 - gain;
  gl_FragColor = vec4(redScale, clamp(gain, 0.0, 1.0), clamp(lift, 0.0, 1.0), 1.0);
}
`

// Whether any tile holds anything this frame, into one texel: most frames hold nothing, and then the per-pixel
// step is one cached fetch instead of a filtered lookup (on a software renderer, a filtered fetch per pixel costs
// about half the dither).
const ANY_HELD = /* glsl */ `
uniform sampler2D tCoefficients;
uniform vec2 tiles;
void main() {
  float held = 0.0;
  for (int y = 0; y < ${MAX_TILES}; y++) {
    if (float(y) >= tiles.y) break;
    for (int x = 0; x < ${MAX_TILES}; x++) {
      if (float(x) >= tiles.x) break;
      vec4 k = texelFetch(tCoefficients, ivec2(x, y), 0);
      if (k.x < 0.9999 || k.y < 0.9999 || k.z > 0.0001) held = 1.0;
    }
  }
  gl_FragColor = vec4(held, 0.0, 0.0, 1.0);
}
`

const APPLY = /* glsl */ `
uniform sampler2D limiterCoefficients; // per tile, sampled bilinearly between tile centres: (red scale, gain, lift, -)
uniform sampler2D limiterAnyHeld;      // one texel: 1 when any tile holds anything
uniform float limiterActive;
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  if (limiterActive < 0.5) {
    outputColor = inputColor;
    return;
  }
  vec3 c = clamp(inputColor.rgb, 0.0, 1.0);
  if (texelFetch(limiterAnyHeld, ivec2(0), 0).r < 0.5) {
    outputColor = vec4(c, inputColor.a);
    return;
  }
  vec4 k = texture2D(limiterCoefficients, uv);
  if (k.x < 0.9999) {
    // dim saturated reds (hue ratio kept, so the red measure scales by exactly the allowed ratio), fading in
    // just below the saturated-red boundary so the picture shows no edge there
    float sum = c.r + c.g + c.b;
    c *= mix(1.0, k.x, smoothstep(0.72, 0.8, sum > 0.0 ? c.r / sum : 0.0));
  }
  outputColor = vec4(c * k.y + k.z, inputColor.a);
}
`

/** Options: where dream time and the time speed come from (the limiter counts display seconds, not frames). */
export interface FlashLimiterOptions {
  time: () => number
  /** The document's time speed (dream seconds per display second); defaults to 1. */
  speed?: () => number
  /**
   * The exposure uniform of the output pass's tone mapping (ToneMapEffect), which runs before this effect in
   * the same pass: the limiter measures its input through the same tone mapping, i.e. what is displayed.
   */
  exposure?: Uniform<number>
}

export class FlashLimiterEffect extends Effect {
  /** Off only when the document allows intense flashing (and never in calm mode): then the frame passes untouched. */
  active = true
  private readonly time: () => number
  private readonly speed: () => number
  private lastDreamTime = Number.NaN
  /** Display seconds since the limiter started (float64 here; the shaders see it as a float32 uniform). */
  private displayTime = 0
  private tiles = { x: 0, y: 0 }
  /** The last frame passed untouched (limiter off): the next one starts without history. */
  private idle = false
  private readonly redMeasure: WebGLRenderTarget
  private readonly lumMeasure: WebGLRenderTarget
  private readonly finalRedMeasure: WebGLRenderTarget
  private readonly redScale: WebGLRenderTarget
  private readonly lumStates: [WebGLRenderTarget, WebGLRenderTarget]
  private readonly coefficients: WebGLRenderTarget
  private readonly anyHeld: WebGLRenderTarget
  private readonly anyHeldPass: FullscreenPass
  private current: 0 | 1 = 0
  private readonly measurePass: FullscreenPass
  private readonly redStatePass: FullscreenPass
  private readonly lumStatePass: FullscreenPass
  private readonly coefficientsPass: FullscreenPass
  private readonly activeUniform: Uniform<number>

  constructor({ time, speed = () => 1, exposure = new Uniform(1) }: FlashLimiterOptions) {
    const coefficientsUniform = new Uniform<Texture | null>(null)
    const anyHeldUniform = new Uniform<Texture | null>(null)
    const activeUniform = new Uniform(0)
    super('FlashLimiter', APPLY, {
      uniforms: new Map<string, Uniform>([
        ['limiterCoefficients', coefficientsUniform],
        ['limiterAnyHeld', anyHeldUniform],
        ['limiterActive', activeUniform],
      ]),
    })
    this.time = time
    this.speed = speed
    this.activeUniform = activeUniform
    // measures and states: exact floats, read texel by texel
    const exact = { type: FloatType, minFilter: NearestFilter, magFilter: NearestFilter, depthBuffer: false, generateMipmaps: false }
    // what is sampled between tile centres: filterable everywhere WebGL2 runs (float textures may not be)
    const smooth = { type: HalfFloatType, minFilter: LinearFilter, magFilter: LinearFilter, depthBuffer: false, generateMipmaps: false }
    this.redMeasure = new WebGLRenderTarget(1, 1, exact)
    this.lumMeasure = new WebGLRenderTarget(1, 1, exact)
    this.finalRedMeasure = new WebGLRenderTarget(1, 1, exact)
    this.redScale = new WebGLRenderTarget(1, 1, smooth)
    this.lumStates = [new WebGLRenderTarget(1, 1, exact), new WebGLRenderTarget(1, 1, exact)]
    this.coefficients = new WebGLRenderTarget(1, 1, smooth)
    this.anyHeld = new WebGLRenderTarget(1, 1, exact)
    coefficientsUniform.value = this.coefficients.texture
    anyHeldUniform.value = this.anyHeld.texture
    const tiles = new Uniform(new Vector2(1, 1))
    this.measurePass = new FullscreenPass(MEASURE, {
      tInput: new Uniform(null),
      inputSize: new Uniform(new Vector2(1, 1)),
      measureSize: new Uniform(new Vector2(1, 1)),
      tRedScale: new Uniform(this.redScale.texture),
      tCoefficients: new Uniform(this.coefficients.texture),
      exposure,
      mode: new Uniform(0),
      applying: new Uniform(1),
    })
    this.redStatePass = new FullscreenPass(RED_STATE, {
      tiles,
      tRedMeasure: new Uniform(this.redMeasure.texture),
      tFinalRed: new Uniform(this.finalRedMeasure.texture),
      reset: new Uniform(1),
      limiting: new Uniform(1),
      riseLimit: new Uniform(0),
    })
    this.lumStatePass = new FullscreenPass(LUMINANCE_STATE, {
      tiles,
      tState: new Uniform(null),
      tLumMeasure: new Uniform(this.lumMeasure.texture),
      reach: new Uniform(new Vector2(1, 1)),
      now: new Uniform(0),
      reset: new Uniform(1),
      limiting: new Uniform(1),
      gap: new Uniform(LIMITER_GAP),
      threshold: new Uniform(LIMITER_THRESHOLD),
    })
    this.anyHeldPass = new FullscreenPass(ANY_HELD, { tiles, tCoefficients: new Uniform(this.coefficients.texture) })
    this.coefficientsPass = new FullscreenPass(COEFFICIENTS, {
      tiles,
      tRedState: new Uniform(this.redScale.texture),
      tLumState: new Uniform(null),
      tLumMeasure: new Uniform(this.lumMeasure.texture),
    })
  }

  /** The tile grid in use (for tests and the bench). */
  get tileGrid(): { x: number; y: number } {
    return { ...this.tiles }
  }

  /** Size the targets for a picture; a new grid starts from a reset (no history to honour). */
  private fit(width: number, height: number): boolean {
    const tiles = limiterTiles(width, height)
    if (tiles.x === this.tiles.x && tiles.y === this.tiles.y) return false
    this.tiles = tiles
    for (const target of [this.redMeasure, this.lumMeasure, this.finalRedMeasure]) target.setSize(tiles.x * PER_TILE, tiles.y * PER_TILE)
    for (const target of [this.redScale, ...this.lumStates, this.coefficients]) target.setSize(tiles.x, tiles.y)
    for (const pass of [this.redStatePass, this.lumStatePass, this.coefficientsPass, this.anyHeldPass])
      (pass.material.uniforms.tiles!.value as Vector2).set(tiles.x, tiles.y)
    // a tent that touches a field-sized window can share it with any other within a third of the grid plus one tile
    ;(this.lumStatePass.material.uniforms.reach!.value as Vector2).set(
      Math.min(MAX_RADIUS, Math.ceil(tiles.x / 3) + 1),
      Math.min(MAX_RADIUS, Math.ceil(tiles.y / 3) + 1),
    )
    return true
  }

  /** Display seconds since the last frame, or null when there is no history to honour (first frame, a seek). */
  private displayDelta(frameDelta: number): number | null {
    const dreamTime = this.time()
    const dreamDelta = dreamTime - this.lastDreamTime
    this.lastDreamTime = dreamTime
    if (!(dreamDelta >= 0)) return null
    const speed = this.speed()
    // a stopped or paused dream still shows frames (an edit while paused draws one): count the frame's own time,
    // or a paused studio would hold an edit back for as long as it stays paused
    const delta = speed > 0.01 && dreamDelta > 0 ? dreamDelta / speed : Math.max(frameDelta, 0)
    return delta <= 1 ? delta : null
  }

  override update(renderer: WebGLRenderer, inputBuffer: WebGLRenderTarget, deltaTime = 0): void {
    this.activeUniform.value = this.active ? 1 : 0
    const delta = this.displayDelta(deltaTime)
    if (!this.active) {
      // intense flashing allowed: nothing to measure; when the limiter comes back it starts from what is shown
      this.idle = true
      return
    }
    const resized = this.fit(inputBuffer.width, inputBuffer.height)
    const reset = delta === null || resized || this.idle
    this.idle = false
    this.displayTime += delta ?? 0
    const limiting = 1

    const read = this.current
    const write = read === 0 ? 1 : 0
    const measure = this.measurePass.material.uniforms
    measure.tInput!.value = inputBuffer.texture
    ;(measure.inputSize!.value as Vector2).set(inputBuffer.width, inputBuffer.height)
    ;(measure.measureSize!.value as Vector2).set(this.redMeasure.width, this.redMeasure.height)
    measure.applying!.value = limiting
    measure.mode!.value = 0
    this.measurePass.render(renderer, this.redMeasure)

    const red = this.redStatePass.material.uniforms
    red.reset!.value = reset ? 1 : 0
    red.limiting!.value = limiting
    red.riseLimit!.value = LIMITER_RED_RISE * Math.min(delta ?? 0, 0.1)
    this.redStatePass.render(renderer, this.redScale)

    measure.mode!.value = 1
    this.measurePass.render(renderer, this.lumMeasure)

    const lum = this.lumStatePass.material.uniforms
    lum.tState!.value = this.lumStates[read].texture
    lum.now!.value = this.displayTime
    lum.reset!.value = reset ? 1 : 0
    lum.limiting!.value = limiting
    this.lumStatePass.render(renderer, this.lumStates[write])

    const coefficients = this.coefficientsPass.material.uniforms
    coefficients.tLumState!.value = this.lumStates[write].texture
    this.coefficientsPass.render(renderer, this.coefficients)
    this.anyHeldPass.render(renderer, this.anyHeld)

    // what this frame will really show, for next frame's red bound
    measure.mode!.value = 2
    this.measurePass.render(renderer, this.finalRedMeasure)
    this.current = write
  }

  override dispose(): void {
    const targets = [this.redMeasure, this.lumMeasure, this.finalRedMeasure, this.redScale, ...this.lumStates, this.coefficients, this.anyHeld]
    for (const target of targets) target.dispose()
    for (const pass of [this.measurePass, this.redStatePass, this.lumStatePass, this.coefficientsPass, this.anyHeldPass]) pass.dispose()
    super.dispose()
  }
}
