// stars: three depths of procedural stars on the sky sphere, twinkling, with an optional milky band (the soft part).
// Cost: SwiftShader runs both sides of every `if` for every pixel (masked); only a loop ends early, after its
// first pass, when no pixel of a 2 x 2 quad goes on. So each grid costs one hash to find whether the pixel's
// cell holds a star, one loop shades the (rarely more than one) star cells found, and the dust's octaves
// stop where the band is too faint for an octave to change the picture.
#include ../lib/noise/hash.glsl;
#include ../lib/noise/snoise3.glsl;

// One star per cell of a 3D grid cut by the sky sphere: seamless in every direction, no texture.
vec3 starLight(vec3 dir, float cells, float pixelAngle, float layerSeed, float r) {
  vec3 p = dir * cells;
  vec3 cell = floor(p);
  vec3 jitter = vec3(hash13(cell + 11.7), hash13(cell + 23.1), hash13(cell + 37.9));
  vec3 star = cell + 0.25 + 0.5 * jitter;
  float d = length(p - star) / cells;                 // angle-ish distance on the unit sphere
  // a few large stars, many pin-pricks: magnitudes follow a steep power law as in a real sky
  float m = hash13(cell + 5.3);
  m *= m;
  m *= m;
  float magnitude = m * m;                            // pow(hash, 8.0)
  float radius = pixelAngle * size * (0.45 + 1.2 * magnitude);
  float core = exp(-d * d / (radius * radius));
  float twinkleRate = 0.6 + 2.4 * hash13(cell + 3.1);
  float blink = 1.0 - twinkle * (0.5 + 0.5 * sin(uTime * twinkleRate * 2.0 + r * 100.0));
  vec3 tint = mix(warm, cool, hash13(cell + 71.0));
  return tint * core * blink * (0.15 + 0.35 * hash13(cell + 91.0) + 2.5 * magnitude);
}

vec4 renderLayer(vec3 dir, vec2 uv) {
  // fwidth before any branch: derivatives are only defined where the whole 2 x 2 quad runs the same code
  float pixelAngle = max(length(fwidth(dir)), 1e-4);
  float horizonFade = smoothstep(-0.02, 0.12, dir.y);
  float dawnFade = followNight ? 1.0 - smoothstep(0.8, 1.0, uNight) : 1.0;
  float fade = horizonFade * dawnFade;
  // three depths: rare bright stars on a coarse grid, ever fainter and more numerous ones on finer grids.
  // Which grids hold a star in this pixel's cell (below the horizon and after dawn: none)
  vec3 cells = vec3(40.0, 90.0, 200.0);
  vec3 r = vec3(hash13(floor(dir * cells.x) + 0.0 + uSeed), hash13(floor(dir * cells.y) + 17.0 + uSeed), hash13(floor(dir * cells.z) + 41.0 + uSeed));
  bvec3 holds = lessThanEqual(r, density * vec3(0.5, 0.22, 0.08));
  if (fade <= 0.0) holds = bvec3(false);
  vec3 gain = vec3(1.0, 0.6, 0.4);
  int found = int(holds.x) + int(holds.y) + int(holds.z);
  vec3 light = vec3(0.0);
  vec3 todo = vec3(holds);
  for (int i = 0; i < 3; i++) {
    if (i >= found) break;
    // the first grid still to shade
    int k = todo.x > 0.0 ? 0 : (todo.y > 0.0 ? 1 : 2);
    float c = k == 0 ? cells.x : (k == 1 ? cells.y : cells.z);
    light += starLight(dir, c, pixelAngle, 0.0, r[k]) * gain[k];
    todo[k] = 0.0;
  }
  return vec4(light * brightness, fade);
}

// The milky band, a tilted great circle of faint fbm dust: soft (its finest octave spans a dozen pixels), so it is
// the layer's soft part (declared `softPart`), shaded at half resolution and added to the stars as premultiplied light.
vec4 renderSoftPart(vec3 dir, vec2 uv) {
  float horizonFade = smoothstep(-0.02, 0.12, dir.y);
  float dawnFade = followNight ? 1.0 - smoothstep(0.8, 1.0, uNight) : 1.0;
  float fade = horizonFade * dawnFade;
  vec3 axis = normalize(vec3(0.35, 0.8, 0.45));
  float across = dot(dir, axis) / 0.22;
  float band = exp(-across * across);
  // fbm3(dir * 6 + seed, 4 octaves) summed octave by octave; an octave can move the dust's light by at most
  // milkyWay * band * 0.35 * brightness * 2 * (its share of the sum): octaves that cannot move it by 1/2048 are
  // left out (a loose bound: the stills differ by at most 1/255 on a channel)
  float reach = milkyWay * band * brightness * 0.35 * 2.0 * fade;
  float reachInSteps = reach * 2048.0;
  int octaves = int(reachInSteps * 0.2667 > 1.0) + int(reachInSteps * 0.1333 > 1.0) + int(reachInSteps * 0.0667 > 1.0) + int(reachInSteps * 0.0333 > 1.0);
  vec3 q = dir * 6.0 + uSeed;
  float sum = 0.0;
  float amplitude = 0.5;
  for (int i = 0; i < 4; i++) {
    if (i >= octaves) break;
    sum += amplitude * snoise3(q);
    q = q * 2.0 + vec3(17.13, -9.71, 4.37);
    amplitude *= 0.5;
  }
  float dust = sum / 0.9375 * 0.5 + 0.5;
  vec3 light = octaves > 0 ? milkyWay * band * dust * dust * mix(cool, warm, dust) * 0.35 : vec3(0.0);
  return vec4(max(light * brightness, 0.0) * clamp(fade, 0.0, 1.0), 0.0);
}
