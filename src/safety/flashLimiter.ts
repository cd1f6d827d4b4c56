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
 * 4. the rectangle of tiles that hold anything (none, in most frames of most dreams), found from the coefficients
 *    by the vertex shader of the output pass's draws (HELD_RECT_GLSL): the output pass leaves the per-pixel step
 *    out of its program, and a second draw of the pass with the step in covers only the pixels those tiles reach
 *    (src/scene/heldRegion.ts). A software renderer runs every instruction of a
 *    program for every pixel, whatever the branches, so leaving it out is the only way not to pay for it.
 *
 * Two small passes do all this: one measure of the input (red and luminance together), and the state (red and
 * luminance) with the coefficients (two attachments of one target). What the red bound and the neighbourhood
 * need from the frame before (the red it really showed, its latest transitions along each row) is worked out by
 * the next frame's measure, from the points that frame measured (kept in the measure's other attachments) and its
 * coefficients: a fourth draw after the coefficients made the limiter about a tenth dearer (3.2-3.5 against
 * 2.9-3.2 ms of a 640 x 360 frame on a software renderer, limiter on against off, paired in one page). Like the
 * output pass, the measure is drawn in two parts: where the frame before held nothing it showed what it measured,
 * and only the rectangle it held needs its points and coefficients (SHOWN_AS_MEASURED): that rectangle is drawn again.
 *
 * Time: the limiter counts in display seconds (dream time divided by the time speed; the frame's own delta when
 * the dream is stopped), because flashes are seen in real time: at time speed 4 every rate is four times faster.
 *
 * Margins: transitions counted at LIMITER_THRESHOLD where the analyser needs 0.1, every frame treated as dark.
 */
import { BlendFunction, Effect } from 'postprocessing'
import {
  FloatType,
  NearestFilter,
  Uniform,
  Vector2,
  WebGLRenderTarget,
  type Texture,
  type WebGLRenderer,
} from 'three'
import { FullscreenPass, type PassVertices } from '../scene/fullscreenPass'
import { TONE_MAPPING_GLSL } from '../scene/outputEffect'
import { targetType } from '../scene/targetPrecision'

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
// For a displayed colour (each channel in [0, 1]): its saturated-red measure, and the weight of the red dimming,
// which starts just below the saturated-red boundary so the picture shows no edge there. One sum for both (this
// runs for four points of every measure texel); a black colour gives 0 / tiny = 0 for the weight and 0 for the red.
vec2 limiterRedAndWeight(vec3 c) {
  float sum = c.r + c.g + c.b;
  float red = c.r < 0.8 * sum ? 0.0 : max(c.r - c.g - c.b, 0.0);
  return vec2(red, smoothstep(0.72, 0.8, c.r / max(sum, 1e-30)));
}
`

// A block run only where the condition holds, written as a loop that runs once or not at all: a software renderer
// (SwiftShader) runs an if's body for a group of pixels with the failing ones masked off, but can skip a loop that no
// pixel of the group enters. For the state's neighbours' red scales, a loop of tents (where the luminance state
// once had its dimmed tent, 0.35 -> 0.32 ms, and 0.60 -> 0.54 ms on a loaded machine, ten draws each in a
// micro-benchmark); not for straight-line code (the measure's shown red: no faster without red, slower with it).
const ONLY_WHERE = /* glsl */ `
#define ONLY_WHERE(condition) for (int onlyWhere = 0; onlyWhere < ((condition) ? 1 : 0); onlyWhere++)
`

// The per-pixel coefficients: bilinear between tile centres, clamped at the picture's edges (what a filtered
// lookup of a tiles-sized texture gives), fetched from the coefficients attachment, which is exact float (float
// textures may not be filterable).
const COEFFICIENTS_AT = /* glsl */ `
vec4 limiterCoefficientsAt(sampler2D coefficients, vec2 grid, vec2 uv) {
  vec2 p = clamp(uv * grid - 0.5, vec2(0.0), grid - 1.0);
  ivec2 i0 = ivec2(p);
  ivec2 i1 = min(i0 + 1, ivec2(grid) - 1);
  vec2 f = p - vec2(i0);
  vec4 a = texelFetch(coefficients, i0, 0);
  vec4 b = texelFetch(coefficients, ivec2(i1.x, i0.y), 0);
  vec4 c = texelFetch(coefficients, ivec2(i0.x, i1.y), 0);
  vec4 d = texelFetch(coefficients, i1, 0);
  return mix(mix(a, b, f.x), mix(c, d, f.x), f.y);
}
`

// The tent-weighted mean of a tile's measure texels: the same weights the bilinear coefficient lookup gives
// (tile centres at texel centres, clamped at the picture's edges). \`value\` reads the texel at two GLSL integer
// expressions. The weights are separable (a row's times a column's, each 0 outside the picture), so they are worked
// out once per row and once per column, and their sum is the product of the two sums.
// Written out texel by texel (generated here), not as loops: a software renderer pays for a loop's bookkeeping and
// its skipped texels at every pixel (a red state's draw of one tent per tile 0.26 -> 0.16 ms at 32 x 18 tiles, micro-benchmark). One
// path for every tile: a software renderer runs both sides of a branch, so a fast path for the tiles away from the
// edges (fixed weights) cost them the general one as well (2.3 -> 1.6 ms, the same micro-benchmark).
const TENT_SPAN = 2 * PER_TILE
const tent = (name: string, parameters: string, value: (x: string, y: string) => string, type: 'float' | 'vec2' = 'float') => {
  const span = Array.from({ length: TENT_SPAN }, (_, k) => k)
  const along = (axis: 'x' | 'y', k: number) => /* glsl */ `
  int ${axis}${k} = first.${axis} + ${k};
  float w${axis}${k} = ${axis}${k} < 0 || ${axis}${k} > last.${axis} ? 0.0
    : max(0.0, 1.0 - abs(clamp((float(${axis}${k}) + 0.5) / ${PER_TILE}.0 - 0.5, 0.0, tiles.${axis} - 1.0) - float(tile.${axis})));
  ${axis}${k} = clamp(${axis}${k}, 0, last.${axis});`
  return /* glsl */ `
${type} ${name}(${parameters}, ivec2 tile) {
  ivec2 first = tile * ${PER_TILE} - ${PER_TILE / 2};
  ivec2 last = ivec2(tiles) * ${PER_TILE} - 1;
${span.map((k) => along('x', k) + along('y', k)).join('\n')}
  ${type} total = ${type}(0.0);
${span.map((y) => `  total += wy${y} * (${span.map((x) => `wx${x} * ${value(`x${x}`, `y${y}`)}`).join(' + ')});`).join('\n')}
  float weights = (${span.map((k) => `wx${k}`).join(' + ')}) * (${span.map((k) => `wy${k}`).join(' + ')});
  return weights > 0.0 ? total / weights : ${type}(0.0);
}
`
}

/**
 * Compiled into the measure's first draw, which takes the red the frame before showed from its measure, right
 * wherever it held nothing (most frames: all of the picture); the rectangle it held is drawn again, working that
 * red out from the points it kept and its coefficients. A software renderer pays for that work at every texel of a program that holds it, needed or not
 * (the measure 0.73 -> 0.61 ms at 640 x 360, micro-benchmark).
 */
const SHOWN_AS_MEASURED = 'LIMITER_SHOWN_AS_MEASURED'

// 1. The input, measured as displayed (tone mapped), 2 x 2 pixels per texel, fetched (no filtering: the red measure
// is not linear in colour; and the composer's buffers filter linearly, which a software renderer pays for even at
// a texel centre): (red, luminance outside saturated red, luminance inside it). Luminance after a red dimming s is
// then g + s b per texel, so red and luminance share one draw although the dimming comes later.
// The same draw works out, for the frame before: the red it really showed, per texel (in the rectangle it held,
// from the points it kept and its coefficients; elsewhere, what it measured), and per tile its latest counted transition within reach along the row (the first half of a
// separable maximum, for the state's neighbourhood). Four attachments (WebGL 2 guarantees four).
const MEASURE = /* glsl */ `
layout(location = 0) out highp vec4 measureOut;    // (red, luminance outside saturated red, inside it, last frame's red as shown)
layout(location = 1) out highp vec4 pointsLowOut;  // points 0 and 1 of this texel: (r, g + b) each, for the next frame
layout(location = 2) out highp vec4 pointsHighOut; // points 2 and 3
layout(location = 3) out highp vec4 nearbyOut;     // per tile, the latest counted transition within reach along its row
${SHARED}
${TONE_MAPPING_GLSL}
${COEFFICIENTS_AT}
uniform sampler2D tInput;
uniform float exposure;
uniform vec2 inputSize;
uniform vec2 measureSize;
uniform vec2 tiles;
uniform vec2 reach;
uniform sampler2D tLastMeasure;      // the frame before: its measure (red in r) and its points
uniform sampler2D tLastPointsLow;
uniform sampler2D tLastPointsHigh;
uniform sampler2D tLastCoefficients; // the frame before: its coefficients and states (time of the last counted transition in w)
uniform sampler2D tLastState;
// The red measure of a point (r, g + b) after the limiter's step with coefficients k (APPLY): the step scales the
// colour by one factor and lifts every channel by k.z, so two numbers per point are enough. The result stays
// within [0, 1] per channel (k.x, k.y <= 1 and k.y + k.z <= 1), so the display's clamp changes nothing.
float limiterShownRed(vec2 point, vec4 k) {
  float sum = point.x + point.y;
  float scale = mix(1.0, k.x, smoothstep(0.72, 0.8, sum > 0.0 ? point.x / sum : 0.0)) * k.y;
  float r = point.x * scale + k.z;
  float gb = point.y * scale + 2.0 * k.z;
  if (r + gb <= 0.0 || r < 0.8 * (r + gb)) return 0.0;
  return max(r - gb, 0.0);
}
// One of the texel's 2 x 2 points (\`point\`: 0 or 1 along each axis): its red and luminance added to \`total\`, its
// (r, g + b) returned to be kept.
vec2 measurePoint(vec2 origin, vec2 cell, vec2 point, inout vec3 total) {
  ivec2 pixel = ivec2(origin + (point + 0.5) * cell * 0.5);
  vec3 c = clamp(dreamToneMap(texelFetch(tInput, pixel, 0).rgb, exposure), 0.0, 1.0);
  float luminance = limiterLuminance(c);
  vec2 red = limiterRedAndWeight(c);
  total += vec3(red.x, (1.0 - red.y) * luminance, red.y * luminance);
  return vec2(c.r, c.g + c.b);
}
void main() {
  ivec2 texel = ivec2(gl_FragCoord.xy);
  vec2 cell = inputSize / measureSize; // input pixels per measure texel
  vec2 origin = floor(gl_FragCoord.xy) * cell;
  // the four points written out, not looped over: a software renderer pays for the loop and its array at every
  // texel (this draw 1.07 -> 0.67 ms, micro-benchmark)
  vec3 total = vec3(0.0);
  vec2 point0 = measurePoint(origin, cell, vec2(0.0, 0.0), total);
  vec2 point1 = measurePoint(origin, cell, vec2(1.0, 0.0), total);
  vec2 point2 = measurePoint(origin, cell, vec2(0.0, 1.0), total);
  vec2 point3 = measurePoint(origin, cell, vec2(1.0, 1.0), total);
#ifdef ${SHOWN_AS_MEASURED}
  // outside the rectangle the frame before held, its output pass drew the picture untouched: it showed what it measured
  float shown = texelFetch(tLastMeasure, texel, 0).r;
#else
  // neither dimming nor a lift towards white makes a colour saturated red that was not: where the frame before
  // measured no red, it showed none
  float shown = 0.0;
  if (texelFetch(tLastMeasure, texel, 0).r > 0.0) {
    vec4 k = limiterCoefficientsAt(tLastCoefficients, tiles, vUv);
    vec4 low = texelFetch(tLastPointsLow, texel, 0);
    vec4 high = texelFetch(tLastPointsHigh, texel, 0);
    shown = 0.25 * (limiterShownRed(low.xy, k) + limiterShownRed(low.zw, k) + limiterShownRed(high.xy, k) + limiterShownRed(high.zw, k));
  }
#endif
  float latest = 0.0;
  if (texel.x < int(tiles.x) && texel.y < int(tiles.y)) {
    latest = -1e30;
    for (int i = 0; i <= ${2 * MAX_RADIUS}; i++) {
      if (float(i) > 2.0 * reach.x) break;
      int x = clamp(texel.x - int(reach.x) + i, 0, int(tiles.x) - 1);
      latest = max(latest, texelFetch(tLastState, ivec2(x, texel.y), 0).w);
    }
  }
  measureOut = vec4(total * 0.25, shown);
  pointsLowOut = vec4(point0, point1);
  pointsHighOut = vec4(point2, point3);
  nearbyOut = vec4(latest, 0.0, 0.0, 1.0);
}
`

// The tile's own window of measure texels written out (as \`tent\`): the tent-weighted sums of all four measure
// channels, and the moments of the luminance inside saturated red (b) towards each of the 3 x 3 tiles whose red
// dimming reaches those texels: sum of tent weight x that tile's bilinear weight x b, one vec3 (tiles before, this
// one, after along x) per row of tiles (before, this one, after along y). The dimming is bilinear between tile
// centres, so the luminance it takes from the window is the sum over those tiles of (1 - their red scale) x their
// moment; most moments are 0 (no saturated red near the tile), and then no other tile's red scale is needed.
const OWN_WINDOW = (() => {
  const span = Array.from({ length: TENT_SPAN }, (_, k) => k)
  const along = (axis: 'x' | 'y', k: number) => /* glsl */ `
  int ${axis}${k} = first.${axis} + ${k};
  float s${axis}${k} = clamp((float(${axis}${k}) + 0.5) / ${PER_TILE}.0 - 0.5, 0.0, tiles.${axis} - 1.0);
  float w${axis}${k} = ${axis}${k} < 0 || ${axis}${k} > last.${axis} ? 0.0 : max(0.0, 1.0 - abs(s${axis}${k} - float(tile.${axis})));
  vec3 c${axis}${k} = w${axis}${k} * max(vec3(0.0), 1.0 - abs(s${axis}${k} - float(tile.${axis}) - vec3(-1.0, 0.0, 1.0)));
  ${axis}${k} = clamp(${axis}${k}, 0, last.${axis});`
  const row = (y: number) => /* glsl */ `
  {
${span.map((x) => `    vec4 v${x} = texelFetch(measure, ivec2(x${x}, y${y}), 0);`).join('\n')}
    sums += wy${y} * (${span.map((x) => `wx${x} * v${x}`).join(' + ')});
    vec3 row = ${span.map((x) => `cx${x} * v${x}.z`).join(' + ')};
    below += cy${y}.x * row;
    level += cy${y}.y * row;
    above += cy${y}.z * row;
  }`
  return /* glsl */ `
void ownWindow(sampler2D measure, ivec2 tile, out vec4 sums, out float weights, out vec3 below, out vec3 level, out vec3 above) {
  ivec2 first = tile * ${PER_TILE} - ${PER_TILE / 2};
  ivec2 last = ivec2(tiles) * ${PER_TILE} - 1;
${span.map((k) => along('x', k) + along('y', k)).join('\n')}
  sums = vec4(0.0);
  below = vec3(0.0);
  level = vec3(0.0);
  above = vec3(0.0);
${span.map(row).join('\n')}
  weights = (${span.map((k) => `wx${k}`).join(' + ')}) * (${span.map((k) => `wy${k}`).join(' + ')});
}
`
})()

// 2. Red and luminance per tile, into a target of two attachments: the state, and the per-pixel coefficients
// derived from it (one draw instead of two; GLSL 3 for the second output). The coefficients once sat beside the
// state in one target twice as wide, where every tile's state was worked out twice: 1.2 ms against 0.7 ms
// (micro-benchmark). The red scale once had a draw of its own before this one, which read it back for the
// neighbours' dimming: a pass more for every frame to wait for (the limiter's share of one frame alone 1.3 against
// 1.1 ms now at 640 x 360 on a software renderer, scripts/draw-cost.mjs), where a tile now works out its
// neighbours' red scales itself, and only where it needs them.
const STATE = /* glsl */ `
layout(location = 0) out highp vec4 stateOut;
layout(location = 1) out highp vec4 coefficientsOut;
${ONLY_WHERE}
uniform vec2 tiles;
${OWN_WINDOW}
// a neighbour's red and red as shown, where its dimming takes luminance from this tile's window
${tent('tentRed', 'sampler2D measure', (x, y) => `texelFetch(measure, ivec2(${x}, ${y}), 0).ra`, 'vec2')}
uniform sampler2D tState;         // previous: (output mean, accumulated change, run counted, time of last counted transition)
uniform sampler2D tMeasure;       // (red, luminance outside saturated red, inside it, last frame's red as shown)
uniform sampler2D tNearby;        // previous: per tile, the latest counted transition within reach along its row, in r
uniform vec2 reach;               // a field's reach, in tiles: whose transitions share this tile's budget
uniform float now;
uniform float reset;
uniform float riseLimit;          // largest red rise this frame
uniform float gap;
uniform float threshold;
// Red: the rise over what last frame really showed is bounded.
float redScale(vec2 redAndShown) {
  float allowed = redAndShown.y + riseLimit;
  return (reset > 0.5 || redAndShown.x <= allowed) ? 1.0 : allowed / max(redAndShown.x, 1e-6);
}
vec4 nextState(ivec2 tile, float meanIn) {
  vec4 state = texelFetch(tState, tile, 0);
  if (reset > 0.5) return vec4(meanIn, 0.0, 0.0, now - 1000.0);
  float previousOut = state.x;
  float accumulated = state.y;
  float counted = state.z;
  float lastCount = min(state.w, now);
  // the last counted transition anywhere within a field's reach (last frame's states): the column of the row
  // maxima there, so the rectangle costs its height, not its area
  float lastNearby = lastCount;
  for (int i = 0; i <= ${2 * MAX_RADIUS}; i++) {
    if (float(i) > 2.0 * reach.y) break;
    int y = clamp(tile.y - int(reach.y) + i, 0, int(tiles.y) - 1);
    lastNearby = max(lastNearby, texelFetch(tNearby, ivec2(tile.x, y), 0).r);
  }
  lastNearby = min(lastNearby, now);
  float diff = meanIn - previousOut;
  bool sameDirection = (diff <= 0.0 && accumulated <= 0.0) || (diff >= 0.0 && accumulated >= 0.0);
  float runBefore = sameDirection ? accumulated : 0.0;
  float run = runBefore + diff;
  if (!sameDirection) counted = 0.0;
  float outMean = meanIn;
  if (counted < 0.5 && abs(run) >= threshold) {
    if (now - lastNearby >= gap) {
      counted = 1.0;
      lastCount = now;
    } else {
      // too soon after the last transition nearby: stop just short of making another one
      float held = sign(run) * threshold * 0.97;
      outMean = clamp(previousOut + held - runBefore, 0.0, 1.0);
      run = held;
    }
  }
  return vec4(outMean, run, counted, lastCount);
}
void main() {
  ivec2 tile = ivec2(gl_FragCoord.xy);
  vec4 sums;
  float weights;
  vec3 below, level, above;
  ownWindow(tMeasure, tile, sums, weights, below, level, above);
  float scale = redScale(sums.xw / weights);
  // the luminance the red dimming takes from the window: this tile's share, then its neighbours' where they have one
  float dimmed = (1.0 - scale) * level.y;
  ONLY_WHERE(below.x + below.y + below.z + level.x + level.z + above.x + above.y + above.z > 0.0) {
    for (int i = 0; i < 9; i++) {
      vec3 moments = i < 3 ? below : i < 6 ? level : above;
      float moment = i == 4 ? 0.0 : moments[i % 3];
      if (moment > 0.0) dimmed += (1.0 - redScale(tentRed(tMeasure, tile + ivec2(i % 3 - 1, i / 3 - 1)))) * moment;
    }
  }
  float meanIn = max((sums.y + sums.z - dimmed) / weights, 0.0);
  vec4 state = nextState(tile, meanIn);
  vec4 k = vec4(scale, 1.0, 0.0, 1.0);
  // nothing held (the state keeps the measured mean bit for bit): the identity, also for a black tile, where
  // the ratio below would give 0 and its bilinear spread would dim the neighbours' edges
  float meanOut = state.x;
  if (meanOut != meanIn) {
    // darken: scale towards black; brighten: scale towards white (c' = 1 - (1 - c) k = c k + 1 - k)
    float gain = meanOut <= meanIn ? meanOut / max(meanIn, 1e-5) : (1.0 - meanOut) / max(1.0 - meanIn, 1e-5);
    k.y = clamp(gain, 0.0, 1.0);
    k.z = meanOut <= meanIn ? 0.0 : clamp(1.0 - gain, 0.0, 1.0);
  }
  stateOut = state;
  coefficientsOut = k;
}
`

/** Whether a tile's coefficients \`k\` change anything (the identity is (any, 1, 0) with a red scale of 1). */
const HOLDS_GLSL = 'k.x < 0.9999 || k.y < 0.9999 || k.z > 0.0001'
const holds = (k: ArrayLike<number>, i: number) => k[i]! < 0.9999 || k[i + 1]! < 0.9999 || k[i + 2]! > 0.0001

// The per-pixel step, compiled only into the draw that covers the held rectangle (DREAM_LIMITER_APPLY; see
// heldRegion.ts): everywhere else every tile's coefficients are the identity and the step would change nothing.
const APPLY = /* glsl */ `
${COEFFICIENTS_AT}
uniform sampler2D limiterCoefficients; // per tile: (red scale, gain, lift, -)
uniform vec2 limiterGrid;
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
#ifdef DREAM_LIMITER_APPLY
  vec3 c = clamp(inputColor.rgb, 0.0, 1.0);
  vec4 k = limiterCoefficientsAt(limiterCoefficients, limiterGrid, uv);
  // dim saturated reds (hue ratio kept, so the red measure scales by exactly the allowed ratio), fading in just
  // below the saturated-red boundary so the picture shows no edge there
  float sum = c.r + c.g + c.b;
  c *= mix(1.0, k.x, smoothstep(0.72, 0.8, sum > 0.0 ? c.r / sum : 0.0));
  outputColor = vec4(c * k.y + k.z, inputColor.a);
#else
  outputColor = inputColor;
#endif
}
`

/**
 * The held rectangle in the picture's uv: the lowest and highest tile (x, y) whose coefficients are not the identity,
 * found by a scan of the coefficients (in the vertex shader: a few vertices, not a pixel each; on a software
 * renderer the scan costs about what the fourth draw's two texels did). Tile i's coefficients reach the pixels
 * between the centres of its neighbours, (i - 0.5) / tiles to (i + 1.5) / tiles, clamped to the picture (beyond
 * the outer centres the field is the edge tile's), snapped outwards to whole pixels. Empty (a point) when nothing
 * holds or the limiter is off. For the vertex shaders of the output pass's draws (heldRegion.ts).
 */
export const HELD_RECT_GLSL = /* glsl */ `
uniform sampler2D dreamLimiterHeld; // the limiter's coefficients this frame: per tile (red scale, gain, lift, -)
uniform vec2 dreamLimiterTiles;
uniform float dreamLimiterOn;
vec4 dreamHeldRect(vec2 pixels) {
  vec2 low = vec2(1e6);
  vec2 high = vec2(-1e6);
  for (int y = 0; y < ${MAX_TILES}; y++) {
    if (float(y) >= dreamLimiterTiles.y) break;
    for (int x = 0; x < ${MAX_TILES}; x++) {
      if (float(x) >= dreamLimiterTiles.x) break;
      vec4 k = texelFetch(dreamLimiterHeld, ivec2(x, y), 0);
      if (${HOLDS_GLSL}) {
        low = min(low, vec2(x, y));
        high = max(high, vec2(x, y));
      }
    }
  }
  if (dreamLimiterOn < 0.5 || high.x < low.x) return vec4(0.0);
  vec2 from = floor(clamp((low - 0.5) / dreamLimiterTiles, 0.0, 1.0) * pixels) / pixels;
  vec2 to = ceil(clamp((high + 1.5) / dreamLimiterTiles, 0.0, 1.0) * pixels) / pixels;
  return vec4(from, to);
}
`

/**
 * The measure's draw of the rectangle the frame before held (its coefficients in dreamLimiterHeld), snapped outwards
 * to whole measure texels: two triangles, six vertices from gl_VertexID (none drawn when nothing held).
 */
const HELD_MEASURE: PassVertices = {
  count: 6,
  shader: /* glsl */ `
${HELD_RECT_GLSL}
uniform vec2 measureSize;
out vec2 vUv;
void main() {
  // the unit square as two triangles: (0, 0) (1, 0) (0, 1), (0, 1) (1, 0) (1, 1)
  int vertex = gl_VertexID % 6;
  vec2 corner = vec2(vertex == 1 || vertex >= 4 ? 1.0 : 0.0, vertex == 2 || vertex == 3 || vertex == 5 ? 1.0 : 0.0);
  vec4 held = dreamHeldRect(measureSize);
  vUv = mix(held.xy, held.zw, corner);
  gl_Position = vec4(vUv * 2.0 - 1.0, 0.0, 1.0);
}
`,
}

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

/** Draws the picture the output stage would receive into `target` (at the target's size); see sampleFrom. */
export type PictureSampler = (renderer: WebGLRenderer, inputBuffer: WebGLRenderTarget, target: WebGLRenderTarget) => void

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
  /** Ping-pong: the measure (attachment 0), the points it kept (1, 2) and the neighbourhood along the rows (3). */
  private readonly measures: [WebGLRenderTarget, WebGLRenderTarget]
  /** Ping-pong: the state (attachment 0) and the coefficients (attachment 1). */
  private readonly states: [WebGLRenderTarget, WebGLRenderTarget]
  private current: 0 | 1 = 0
  /** The measure: the whole target, then the rectangle the frame before held again. */
  private readonly measurePasses: [FullscreenPass, FullscreenPass]
  /** Red and luminance per tile: the states and the coefficients. */
  private readonly statePass: FullscreenPass
  /** This frame's coefficients: the per-pixel step's, and the held rectangle's (heldUniforms.dreamLimiterHeld). */
  private readonly coefficients: Uniform<Texture | null>
  /**
   * For the output pass's draws (heldRegion.ts), whose vertex shader reads HELD_RECT_GLSL: this frame's
   * coefficients, the tile grid, and 1 while the limiter works (0: nothing to draw).
   */
  readonly heldUniforms: { dreamLimiterHeld: Uniform<Texture | null>; dreamLimiterTiles: Uniform<Vector2>; dreamLimiterOn: Uniform<number> }
  /** The picture at the measure's sample points, when effects share the output pass (see sampleFrom). */
  private readonly sample: WebGLRenderTarget
  private drawSample: PictureSampler | null = null

  constructor({ time, speed = () => 1, exposure = new Uniform(1) }: FlashLimiterOptions) {
    const coefficients = new Uniform<Texture | null>(null)
    const tiles = new Uniform(new Vector2(1, 1))
    super('FlashLimiter', APPLY, {
      // replaces the colour outright (no mix with an opacity: see outputEffect.ts)
      blendFunction: BlendFunction.SRC,
      uniforms: new Map<string, Uniform>([
        ['limiterCoefficients', coefficients],
        ['limiterGrid', tiles],
      ]),
    })
    this.time = time
    this.speed = speed
    this.coefficients = coefficients
    // measures and states: exact floats, read texel by texel
    const exact = { type: FloatType, minFilter: NearestFilter, magFilter: NearestFilter, depthBuffer: false, generateMipmaps: false }
    this.measures = [new WebGLRenderTarget(1, 1, { ...exact, count: 4 }), new WebGLRenderTarget(1, 1, { ...exact, count: 4 })]
    // the picture before the tone mapping (bright lights run far above 1), as precise as the pass input it replaces
    this.sample = new WebGLRenderTarget(1, 1, { ...exact, type: targetType() })
    this.states = [new WebGLRenderTarget(1, 1, { ...exact, count: 2 }), new WebGLRenderTarget(1, 1, { ...exact, count: 2 })]
    coefficients.value = this.states[0].textures[1]!
    this.heldUniforms = { dreamLimiterHeld: coefficients, dreamLimiterTiles: tiles, dreamLimiterOn: new Uniform(0) }
    const reach = new Uniform(new Vector2(1, 1))
    const inputSize = new Uniform(new Vector2(1, 1))
    const measureSize = new Uniform(new Vector2(1, 1))
    const lastCoefficients = new Uniform<Texture | null>(null)
    const measureUniforms = {
      tInput: new Uniform(null),
      inputSize,
      measureSize,
      exposure,
      tiles,
      reach,
      tLastMeasure: new Uniform(null),
      tLastPointsLow: new Uniform(null),
      tLastPointsHigh: new Uniform(null),
      tLastCoefficients: lastCoefficients,
      tLastState: new Uniform(null),
      // the pieces' vertex shader (HELD_RECT_GLSL) finds the rectangle the frame before held from its coefficients
      dreamLimiterHeld: lastCoefficients,
      dreamLimiterTiles: tiles,
      dreamLimiterOn: new Uniform(1),
    }
    // two draws: all of the target as if nothing held, then the rectangle the frame before held drawn again (empty
    // when nothing held). Drawing the first around the rectangle instead, as the output pass does (heldRegion.ts),
    // cost more than it saved: each of its vertices scans the coefficients for the rectangle
    this.measurePasses = [
      new FullscreenPass(`#define ${SHOWN_AS_MEASURED}\n${MEASURE}`, measureUniforms, { outputs: true }),
      new FullscreenPass(MEASURE, measureUniforms, { outputs: true, vertices: HELD_MEASURE }),
    ]
    this.statePass = new FullscreenPass(STATE, {
      tiles,
      tState: new Uniform(null),
      tMeasure: new Uniform(null),
      tNearby: new Uniform(null),
      reach,
      now: new Uniform(0),
      reset: new Uniform(1),
      riseLimit: new Uniform(0),
      gap: new Uniform(LIMITER_GAP),
      threshold: new Uniform(LIMITER_THRESHOLD),
    }, { outputs: true })
  }

  /**
   * The tiles whose coefficients are not the identity after the last frame, lowest and highest (x, y), or null when
   * none is: what the held region's draw covers (heldRegion.ts). Reads the coefficients back: for tests.
   */
  heldTiles(renderer: WebGLRenderer): { low: [number, number]; high: [number, number] } | null {
    const { x: columns, y: rows } = this.tiles
    const coefficients = new Float32Array(columns * rows * 4)
    renderer.readRenderTargetPixels(this.states[this.current], 0, 0, columns, rows, coefficients, undefined, 1)
    let held: { low: [number, number]; high: [number, number] } | null = null
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        if (!holds(coefficients, 4 * (y * columns + x))) continue
        held ??= { low: [x, y], high: [x, y] }
        held.low = [Math.min(held.low[0], x), Math.min(held.low[1], y)]
        held.high = [Math.max(held.high[0], x), Math.max(held.high[1], y)]
      }
    }
    return held
  }

  /** The tile grid in use (for tests and the bench). */
  get tileGrid(): { x: number; y: number } {
    return { ...this.tiles }
  }

  /**
   * Effects merged ahead of the output stage, in one pass with it (EffectStack: a full-screen pass fewer). The pass
   * input is then not the picture, so the limiter has the pass draw it: `draw` renders the pass's own material into
   * the given target with the output stage (tone mapping, this limiter, dither) switched off. The target holds the
   * measure's 2 x 2 sample points per texel, so the picture is computed only where it is measured. Null: the pass
   * input is the picture (the output stage is alone in its pass).
   */
  sampleFrom(draw: PictureSampler | null): void {
    this.drawSample = draw
  }

  /** Size the targets for a picture; a new grid starts from a reset (no history to honour). */
  private fit(width: number, height: number): boolean {
    const tiles = limiterTiles(width, height)
    if (tiles.x === this.tiles.x && tiles.y === this.tiles.y) return false
    this.tiles = tiles
    for (const target of this.measures) target.setSize(tiles.x * PER_TILE, tiles.y * PER_TILE)
    for (const target of this.states) target.setSize(tiles.x, tiles.y)
    const uniforms = this.measurePasses[0].uniforms
    ;(uniforms.tiles!.value as Vector2).set(tiles.x, tiles.y)
    ;(uniforms.measureSize!.value as Vector2).set(tiles.x * PER_TILE, tiles.y * PER_TILE)
    // a tent that touches a field-sized window can share it with any other within a third of the grid plus one tile
    ;(uniforms.reach!.value as Vector2).set(Math.min(MAX_RADIUS, Math.ceil(tiles.x / 3) + 1), Math.min(MAX_RADIUS, Math.ceil(tiles.y / 3) + 1))
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

  /** The composer hands over its renderer: the three programs compile from here on, beside the scene's. */
  override initialize(renderer: WebGLRenderer, alpha: boolean, frameBufferType: number): void {
    super.initialize(renderer, alpha, frameBufferType)
    if (renderer) for (const pass of [...this.measurePasses, this.statePass]) pass.prepare(renderer)
  }

  override update(renderer: WebGLRenderer, inputBuffer: WebGLRenderTarget, deltaTime = 0): void {
    this.heldUniforms.dreamLimiterOn.value = this.active ? 1 : 0
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

    const read = this.current
    const write = read === 0 ? 1 : 0
    // the draws below leave their targets bound; the pass's own target comes back once, after the last
    const previousTarget = renderer.getRenderTarget()
    let picture = inputBuffer
    if (this.drawSample) {
      // the measure's 2 x 2 points per texel, or every pixel of a smaller picture
      const points = 2 * PER_TILE
      this.sample.setSize(Math.min(points * this.tiles.x, inputBuffer.width), Math.min(points * this.tiles.y, inputBuffer.height))
      this.drawSample(renderer, inputBuffer, this.sample)
      picture = this.sample
    }
    // with the sample as input, the measure's sample points fall on its texel centres: each is read exactly once
    const measure = this.measurePasses[0].uniforms
    measure.tInput!.value = picture.texture
    ;(measure.inputSize!.value as Vector2).set(picture.width, picture.height)
    // the frame before, for its red as shown and its latest transitions (ignored after a reset: no history)
    const last = this.measures[read].textures
    measure.tLastMeasure!.value = last[0]!
    measure.tLastPointsLow!.value = last[1]!
    measure.tLastPointsHigh!.value = last[2]!
    measure.tLastState!.value = this.states[read].textures[0]!
    measure.tLastCoefficients!.value = this.states[read].textures[1]!
    for (const pass of this.measurePasses) pass.drawInto(renderer, this.measures[write])
    const measured = this.measures[write].textures

    const state = this.statePass.uniforms
    state.tMeasure!.value = measured[0]!
    state.tNearby!.value = measured[3]!
    state.tState!.value = this.states[read].textures[0]!
    state.now!.value = this.displayTime
    state.reset!.value = reset ? 1 : 0
    state.riseLimit!.value = LIMITER_RED_RISE * Math.min(delta ?? 0, 0.1)
    this.statePass.drawInto(renderer, this.states[write])
    renderer.setRenderTarget(previousTarget)

    // the output pass applies this frame's coefficients where they hold anything (the held rectangle reads them too)
    this.coefficients.value = this.states[write].textures[1]!
    this.current = write
  }

  override dispose(): void {
    for (const target of [...this.measures, this.sample, ...this.states]) target.dispose()
    for (const pass of [...this.measurePasses, this.statePass]) pass.dispose()
    super.dispose()
  }
}
