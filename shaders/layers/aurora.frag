// aurora: vertical curtains of light hanging from a sky plane, folding slowly, streaked with rays.
// The ray is sliced at `steps` altitudes (compile-time maximum, early break); each slice reads two thin
// ribbons, so the curtains get real height and parallax instead of a painted band.
#include ../lib/noise/hash.glsl;
#include ../lib/noise/snoise2.glsl;
#define AURORA_MAX_STEPS 48

// Smooth 1D value noise: cheap enough to call per slice (a snoise per slice would cost too much).
float valueNoise1(float x) {
  float i = floor(x);
  float f = fract(x);
  float a = hash12(vec2(i, 3.7));
  float b = hash12(vec2(i + 1.0, 3.7));
  return mix(a, b, f * f * (3.0 - 2.0 * f));
}

// Where a ribbon runs on the sky plane: z as a function of x, a slow sum of sines plus a per-pixel noise bend
// (ribbonZ, within bend +- 1.42), and its slope dz/dx (ribbonSlope), which tells where the sheet is seen
// edge-on, where real curtains glow brightest. Apart, so the cosines are paid only where a sheet shows.
vec3 ribbonPhases(float x, float t, float phase) {
  return vec3(x * 0.45 + t * 0.11 + phase, x * 1.13 - t * 0.17 + phase * 2.3, x * 2.71 + t * 0.07 + phase * 0.7);
}
float ribbonZ(vec3 p, float bend) {
  return sin(p.x) * 0.9 + sin(p.y) * 0.4 + sin(p.z) * 0.12 + bend;
}
float ribbonSlope(vec3 p) {
  return cos(p.x) * 0.405 + cos(p.y) * 0.452 + cos(p.z) * 0.325;
}

// Brightening where the line of sight runs along the sheet (capped so folds glow without singularities).
float edgeOn(vec2 view, float slope) {
  vec2 tangent = normalize(vec2(1.0, slope));
  return 1.0 / max(abs(view.x * tangent.y - view.y * tangent.x), 0.25);
}

vec4 renderLayer(vec3 dir, vec2 uv) {
  if (dir.y < 0.005) return vec4(0.0);
  float t = uTime * speed;
  // the sky plane at unit altitude; rays fan out from the eye, so higher slices sit further away
  vec2 plane = dir.xz / dir.y;
  float bend = snoise2(plane * 0.08 + vec2(uSeed, t * 0.02)) * 1.6 * fold;
  vec2 view = normalize(dir.xz + 1e-5);
  // interleaved gradient noise: an even dither between slices that reads as smooth light, not grain
  float jitter = fract(52.9829189 * fract(dot(uv * uResolution, vec2(0.06711056, 0.00583715))));

  vec3 light = vec3(0.0);
  float n = float(steps);
  // The slices that can come near a sheet (|d| < 3, beyond which both terms stay under the 0.004 skipped
  // below). Sheet 1 lies at q.y = bend - 6 +- 1.42, sheet 2 at -2.2 bend - 10 +- 3.124, each widened by 3 times
  // its thickness at the top (spreadUp 3.5); q.y = z + z * curtainHeight * f runs linearly in f. SwiftShader runs
  // every statement of a loop pass whatever the branches (a `continue` saves nothing): only fewer passes save
  // work, and most pixels cross the sheets in a few of them.
  float z = plane.y * scale;
  float lowY = min(bend - 7.42 - thickness * 2.1, -2.2 * bend - 13.124 - thickness * 3.15);
  float highY = max(bend - 4.58 + thickness * 2.1, -2.2 * bend - 6.876 + thickness * 3.15);
  float zh = z * curtainHeight;
  float fa = (lowY - z) / zh;
  float fb = (highY - z) / zh;
  float fLow = abs(zh) > 1e-6 ? min(fa, fb) : (z >= lowY && z <= highY ? 0.0 : 2.0);
  float fHigh = abs(zh) > 1e-6 ? max(fa, fb) : (z >= lowY && z <= highY ? 1.0 : -1.0);
  // slice i stands at f = ((i + jitter) / n)^2
  int first = int(floor(sqrt(clamp(fLow, 0.0, 1.0)) * n - jitter));
  int last = fHigh < 0.0 || fLow > 1.0 ? -1 : int(ceil(sqrt(clamp(fHigh, 0.0, 1.0)) * n - jitter));
  float slopeF1 = curtainHeight * scale * (abs(plane.y) + 1.19 * abs(plane.x)) + 6.275 * thickness * 0.2;
  float slopeF2 = curtainHeight * scale * (abs(plane.y) + 2.1 * abs(plane.x)) + 6.275 * thickness * 0.3;
  // the scan below runs for most slices of every pixel: what does not change between slices is divided once here,
  // and the sheets' exponentials wait until a slice is near one (a software renderer pays ~20 multiplies for each)
  float perSlope1 = 1.0 / slopeF1;
  float perSlope2 = 1.0 / slopeF2;
  float perWidth1 = 1.0 / (thickness * 0.2);
  float perWidth2 = 1.0 / (thickness * 0.3);
  int i = max(first, 0);
  int end = min(last, steps - 1);
  // One pass per slice that shows: an inner scan (the ribbons' heights only) finds the next slice near a
  // sheet, so the rest (slopes, patches, rays, profile) is paid where it counts, not in every slice.
  for (int pass = 0; pass < AURORA_MAX_STEPS; pass++) {
    float u = 0.0;
    float f = 0.0;
    vec2 q = vec2(0.0);
    float d1 = 0.0;
    float d2 = 0.0;
    bool found = false;
    for (int scan = 0; scan < AURORA_MAX_STEPS; scan++) {
      if (i > end) break;
      u = (float(i) + jitter) / n;
      f = u * u;                                    // 0 at the lower hem, 1 at the top: slices crowd the hem
      q = plane * (1.0 + f * curtainHeight) * scale;
      // two curtains at different distances, each a thin sheet around its ribbon;
      // sheets diffuse as they rise (and the widening also covers the wider slice spacing up there)
      float spreadUp = 1.0 + 2.5 * f;
      float perSpread = 1.0 / spreadUp;
      float y1 = q.y - ribbonZ(ribbonPhases(q.x, t, uSeed), bend) + 6.0;
      float y2 = q.y - ribbonZ(ribbonPhases(q.x * 0.8 + 40.0, t * 0.8, uSeed + 1.7), -bend) * 2.2 + 10.0;   // far away, so folds must be larger to show
      d1 = y1 * perWidth1 * perSpread;
      d2 = y2 * perWidth2 * perSpread;
      // most slices of most pixels miss both sheets: a slice counts where one sheet's exp(-d^2) is at least 0.004
      // (d^2 <= 5.5215), tested without the exponential (where both sheets pass within that of one slice, the
      // sum of two terms under 0.004 was counted before: light under 1% of a sheet's, on two curtains crossing)
      if (min(d1 * d1, d2 * d2) <= 5.5215) {
        found = true;
        break;
      }
      // Skip the slices that cannot come within |d| < 2.51 of either sheet (both terms < 0.0018, under the 0.004
      // above): over a step in f, y1 moves at most by slopeF1 per unit f (q moves by
      // plane * scale * curtainHeight, ribbon 1's slope is at most 1.19, ribbon 2's 2.2 * 0.8 * 1.19) while
      // the sheet's reach 2.51 * width widens by 2.51 * 2.5 * width per unit f.
      float skip1 = (abs(y1) - 2.51 * thickness * 0.2 * spreadUp) * perSlope1;
      float skip2 = (abs(y2) - 2.51 * thickness * 0.3 * spreadUp) * perSlope2;
      float fNext = f + 0.99 * min(skip1, skip2);
      i = max(i + 1, int(ceil(sqrt(max(fNext, 0.0)) * n - jitter)));
    }
    if (!found) break;
    i++;
    float near1 = exp(-d1 * d1);
    float near2 = exp(-d2 * d2);
    float slope1 = ribbonSlope(ribbonPhases(q.x, t, uSeed));
    float slope2 = ribbonSlope(ribbonPhases(q.x * 0.8 + 40.0, t * 0.8, uSeed + 1.7));
    // patches: the display is brighter in some stretches and nearly gone in others
    float patch1 = smoothstep(0.2, 0.8, valueNoise1(q.x * 0.45 + uSeed * 3.0 + t * 0.04));
    float patch2 = smoothstep(0.3, 0.8, valueNoise1(q.x * 0.3 + uSeed * 5.0 - t * 0.03));
    float sheet = near1 * edgeOn(view, slope1) * patch1 + 0.6 * near2 * edgeOn(view, slope2 * 1.76) * patch2;
    // rays: bright vertical streaks that crawl slowly along the curtain
    float along = q.x * 11.0 + q.y * 2.0;
    float rays = valueNoise1(along + t * 0.35) * 0.6 + valueNoise1(along * 3.1 - t * 0.6) * 0.4;
    rays = mix(1.0, rays * rays * rays * 3.5, raysAmount);
    // a sharp, bright hem that fades upward
    // slices crowd the hem (f = u^2), so each one's light is weighted by the height it stands for (2u)
    float profile = smoothstep(0.0, 0.02, f) * (exp(-f * 4.0) * 1.3 + 0.3 * exp(-f * 0.8)) * (0.4 + 1.6 * u);
    vec3 tint = mix(lowColor, highColor, smoothstep(0.15, 0.85, f));
    tint = mix(tint, topColor, smoothstep(0.6, 1.0, f));
    light += tint * sheet * rays * profile;
  }
  light *= brightness * 5.0 / n;

  float horizon = smoothstep(0.0, 0.04, dir.y);
  float dawn = followNight ? 1.0 - smoothstep(0.72, 0.95, uNight) : 1.0;
  // a slow breathing of the whole display
  float breathe = 0.8 + 0.2 * sin(t * 0.23 + uSeed);
  return vec4(light * breathe, horizon * dawn);
}
