// aurora: vertical curtains of light hanging from a sky plane, folding slowly, streaked with rays.
// Each curtain is a thin sheet around a ribbon on the sky plane, between the lower hem and the top; a view ray
// gathers the sheets' light along its way up. The way is cut into `steps` segments (compile-time maximum, early
// break); along each, the distance to a sheet is taken as linear between the segment's ends, so the sheet's
// profile integrates exactly (an erf) however thin it is, and colour, rays and patches are read once, where the
// sheet is crossed. The curtains get real height and parallax instead of a painted band, and no dither.
#include ../lib/noise/hash.glsl;
#include ../lib/noise/snoise2.glsl;
#define AURORA_MAX_STEPS 48

// Smooth 1D value noise: cheap enough to call per segment (a snoise per segment would cost too much).
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

// erf(x), Abramowitz & Stegun 7.1.27 (absolute error under 5e-4, and smooth, so differences of close arguments
// stay accurate): no exponential.
float erfApprox(float x) {
  float a = abs(x);
  float p = 1.0 + a * (0.278393 + a * (0.230389 + a * (0.000972 + a * 0.078108)));
  p *= p;
  return sign(x) * (1.0 - 1.0 / (p * p));
}

// The integral of a sheet's profile exp(-d^2) over a segment of length du along which d runs linearly from da to
// db: exact for the linear run (the erf), however thin the sheet; a midpoint reading where d hardly changes.
float sheetIntegral(float da, float db, float du) {
  float span = db - da;
  float mid = 0.5 * (da + db);
  return abs(span) < 0.01 ? du * exp(-mid * mid) : du * 0.8862269 * (erfApprox(db) - erfApprox(da)) / span;
}

// Where in a segment (0 to 1) d comes nearest zero: the crossing, or the nearer end.
float nearestAt(float da, float db) {
  float span = db - da;
  return abs(span) < 1e-6 ? 0.5 : clamp(-da / span, 0.0, 1.0);
}

// Whether a sheet comes near on a segment: exp(-d^2) reaches 0.004 (d^2 <= 5.5215) or d changes sign.
bool segmentNear(float da, float db) {
  return da * db <= 0.0 || min(da * da, db * db) <= 5.5215;
}

// The rays' brightness, rays^3 * 3.5 over two octaves of value noise at `along`, averaged over a width (in units
// of `along`): an octave finer than the width fades to its mean, and the cube keeps the mean it had (the lost
// variance, 0.05 per octave of value noise, added back), so far curtains glow as bright without aliasing.
float raysAt(float along, float width, float t) {
  float fade1 = smoothstep(0.3, 1.0, width);
  float fade2 = smoothstep(0.3, 1.0, width * 3.1);
  float coarse = mix(valueNoise1(along + t * 0.35), 0.5, fade1);
  float fine = mix(valueNoise1(along * 3.1 - t * 0.6), 0.5, fade2);
  float rays = coarse * 0.6 + fine * 0.4;
  float lost = 0.05 * (0.36 * fade1 * (2.0 - fade1) + 0.16 * fade2 * (2.0 - fade2));
  return (rays * rays * rays + 3.0 * rays * lost) * 3.5;
}

vec4 renderLayer(vec3 dir, vec2 uv) {
  // the sky plane at unit altitude; view rays fan out from the eye, so higher points sit further away
  vec2 plane = dir.xz / max(dir.y, 0.005);
  // how far the sky plane moves sideways from one pixel to the next (before any branch: derivatives need every
  // pixel); upwards a pixel's view climbs the same curtain, whose rays run up it
  float planeStep = abs(dFdx(plane.x));
  if (dir.y < 0.005) return vec4(0.0);
  float t = uTime * speed;
  float bend = snoise2(plane * 0.08 + vec2(uSeed, t * 0.02)) * 1.6 * fold;
  vec2 view = normalize(dir.xz + 1e-5);

  vec3 light = vec3(0.0);
  float n = float(steps);
  float du = 1.0 / n;
  // The points between segments that can come near a sheet (|d| < 3, beyond which both terms stay under the
  // 0.004 skipped below). Sheet 1 lies at q.y = bend - 6 +- 1.42, sheet 2 at -2.2 bend - 10 +- 3.124, each widened
  // by 3 times its thickness at the top (spreadUp 3.5); q.y = z + z * curtainHeight * f runs linearly in f.
  // SwiftShader runs every statement of a loop pass whatever the branches (a `continue` saves nothing): only
  // fewer passes save work, and most pixels come near the sheets on a few segments.
  float z = plane.y * scale;
  float lowY = min(bend - 7.42 - thickness * 2.1, -2.2 * bend - 13.124 - thickness * 3.15);
  float highY = max(bend - 4.58 + thickness * 2.1, -2.2 * bend - 6.876 + thickness * 3.15);
  float zh = z * curtainHeight;
  float fa = (lowY - z) / zh;
  float fb = (highY - z) / zh;
  float fLow = abs(zh) > 1e-6 ? min(fa, fb) : (z >= lowY && z <= highY ? 0.0 : 2.0);
  float fHigh = abs(zh) > 1e-6 ? max(fa, fb) : (z >= lowY && z <= highY ? 1.0 : -1.0);
  // point i stands at u = i / n, altitude f = u^2 (0 at the lower hem, 1 at the top: segments crowd the hem)
  int i = int(floor(sqrt(clamp(fLow, 0.0, 1.0)) * n));
  int end = fHigh < 0.0 || fLow > 1.0 ? -1 : min(int(ceil(sqrt(clamp(fHigh, 0.0, 1.0)) * n)), steps);
  float slopeF1 = curtainHeight * scale * (abs(plane.y) + 1.19 * abs(plane.x)) + 6.275 * thickness * 0.2;
  float slopeF2 = curtainHeight * scale * (abs(plane.y) + 2.1 * abs(plane.x)) + 6.275 * thickness * 0.3;
  // the scan below runs for most points of every pixel: what does not change between points is divided once here
  float perSlope1 = 1.0 / slopeF1;
  float perSlope2 = 1.0 / slopeF2;
  float perWidth1 = 1.0 / (thickness * 0.2);
  float perWidth2 = 1.0 / (thickness * 0.3);
  // the sheets' distances at the last point read, and its index (a segment needs both its ends)
  int previous = -2;
  float previous1 = 0.0;
  float previous2 = 0.0;
  // One pass per segment that comes near a sheet: an inner scan (the ribbons' heights only) reads the points
  // and finds the next such segment, so the rest (slopes, patches, rays, profile) is paid where it counts.
  for (int pass = 0; pass < AURORA_MAX_STEPS; pass++) {
    float d1 = 0.0;
    float d2 = 0.0;
    bool found = false;
    for (int scan = 0; scan <= AURORA_MAX_STEPS; scan++) {
      if (i > end) break;
      float u = float(i) * du;
      float f = u * u;
      vec2 q = plane * (1.0 + f * curtainHeight) * scale;
      // two curtains at different distances, each a thin sheet around its ribbon;
      // sheets diffuse as they rise (and the widening also covers the wider segments up there)
      float spreadUp = 1.0 + 2.5 * f;
      float perSpread = 1.0 / spreadUp;
      float y1 = q.y - ribbonZ(ribbonPhases(q.x, t, uSeed), bend) + 6.0;
      float y2 = q.y - ribbonZ(ribbonPhases(q.x * 0.8 + 40.0, t * 0.8, uSeed + 1.7), -bend) * 2.2 + 10.0;   // far away, so folds must be larger to show
      d1 = y1 * perWidth1 * perSpread;
      d2 = y2 * perWidth2 * perSpread;
      if (previous == i - 1 && (segmentNear(previous1, d1) || segmentNear(previous2, d2))) {
        found = true;
        break;
      }
      // Skip the points that cannot come within |d| < 2.51 of either sheet (both terms < 0.0018): over a step in
      // f, y1 moves at most by slopeF1 per unit f (q moves by plane * scale * curtainHeight, ribbon 1's slope is
      // at most 1.19, ribbon 2's 2.2 * 0.8 * 1.19) while the sheet's reach 2.51 * width widens by 2.51 * 2.5 *
      // width per unit f. The next point read is the start of the segment where a sheet may come near.
      float skip1 = (abs(y1) - 2.51 * thickness * 0.2 * spreadUp) * perSlope1;
      float skip2 = (abs(y2) - 2.51 * thickness * 0.3 * spreadUp) * perSlope2;
      float fNext = f + 0.99 * min(skip1, skip2);
      previous = i;
      previous1 = d1;
      previous2 = d2;
      i = max(i + 1, int(floor(sqrt(max(fNext, 0.0)) * n)));
    }
    if (!found) break;
    // the segment from point i - 1 to point i: each sheet's profile integrated along it, the rest read once where
    // the sheets are crossed (weighted by their light where both are)
    float near1 = sheetIntegral(previous1, d1, du);
    float near2 = 0.6 * sheetIntegral(previous2, d2, du);
    float at = (near1 * nearestAt(previous1, d1) + near2 * nearestAt(previous2, d2)) / max(near1 + near2, 1e-12);
    float u = (float(i - 1) + at) * du;
    float f = u * u;
    vec2 q = plane * (1.0 + f * curtainHeight) * scale;
    previous = i;
    previous1 = d1;
    previous2 = d2;
    i++;
    float slope1 = ribbonSlope(ribbonPhases(q.x, t, uSeed));
    float slope2 = ribbonSlope(ribbonPhases(q.x * 0.8 + 40.0, t * 0.8, uSeed + 1.7));
    // patches: the display is brighter in some stretches and nearly gone in others
    float patch1 = smoothstep(0.2, 0.8, valueNoise1(q.x * 0.45 + uSeed * 3.0 + t * 0.04));
    float patch2 = smoothstep(0.3, 0.8, valueNoise1(q.x * 0.3 + uSeed * 5.0 - t * 0.03));
    float sheet = near1 * edgeOn(view, slope1) * patch1 + near2 * edgeOn(view, slope2 * 1.76) * patch2;
    // rays: bright vertical streaks that crawl slowly along the curtain, read where the sheet is crossed and
    // averaged over the pixel's width on the curtain (far curtains would alias them into moire)
    float along = q.x * 11.0 + q.y * 2.0;
    float width = 11.0 * planeStep * (1.0 + f * curtainHeight) * scale;
    float rays = mix(1.0, raysAt(along, width, t), raysAmount);
    // a sharp, bright hem that fades upward; the segments crowd the hem (f = u^2): light is gathered along u,
    // so each height's is weighted by the height it stands for (2u)
    float profile = smoothstep(0.0, 0.02, f) * (exp(-f * 4.0) * 1.3 + 0.3 * exp(-f * 0.8)) * (0.4 + 1.6 * u);
    vec3 tint = mix(lowColor, highColor, smoothstep(0.15, 0.85, f));
    tint = mix(tint, topColor, smoothstep(0.6, 1.0, f));
    light += tint * sheet * rays * profile;
  }
  light *= brightness * 5.0;

  float horizon = smoothstep(0.0, 0.04, dir.y);
  float dawn = followNight ? 1.0 - smoothstep(0.72, 0.95, uNight) : 1.0;
  // a slow breathing of the whole display
  float breathe = 0.8 + 0.2 * sin(t * 0.23 + uSeed);
  return vec4(light * breathe, horizon * dawn);
}
