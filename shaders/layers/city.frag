// city: Neoterra on the horizon in depth: three rows of towers, the far ones paled by the haze between them,
// windows of several kinds that change only by slow fades, a few neon signs spilling light into the fog,
// neon crowns and red mast lamps, and the glow of the streets rising between the rows.
// Buildings live in (azimuth, elevation) angles so the skyline stays put as the camera drifts.
#include ../lib/noise/hash.glsl;
#define CITY_ROWS 3

// One row of towers: returns (height of the tallest tower covering this azimuth, its id, position across it)
// from two interleaved grids of differing widths, so silhouettes overlap like a real skyline.
vec3 cityTowerRow(float x, float cell, float rowSeed, float tallness) {
  vec3 best = vec3(-1.0, 0.0, 0.0);
  for (int g = 0; g < 2; g++) {
    float offset = float(g) * 0.5;
    float id = floor(x / cell + offset);
    float local = fract(x / cell + offset);
    float h1 = hash12(vec2(id, rowSeed + float(g) * 7.0));
    float width = 0.6 + 0.38 * hash12(vec2(id, rowSeed + 3.1 + float(g)));
    float start = (1.0 - width) * hash12(vec2(id, rowSeed + 5.7));
    if (local < start || local > start + width) continue;
    // most towers are modest; a few reach high (the towers of Neoterra)
    float h = tallness * (0.25 + 0.75 * pow(h1, 2.2));
    // now and then a landmark tower, far above the rest
    if (h1 > 0.94) h *= 1.7;
    if (h > best.x) best = vec3(h, id + float(g) * 1000.0 + rowSeed * 17.0, (local - start) / width);
  }
  return best;
}

// Lit windows. Each tower has a style (a grid of windows, whole lit floors, or tall slits) and a tint; a window
// changes its mind every ~20-60 s by fading over ~3 s, never switching at once.
vec3 cityWindows(vec2 a, vec3 tower, float towerWidth, float lit) {
  float style = hash12(vec2(tower.y, 11.0));
  vec2 size = towerWidth * windowSize * (style < 0.55 ? vec2(1.0, 1.6) : style < 0.8 ? vec2(4.0, 1.4) : vec2(0.7, 3.2));
  vec2 grid = a / size;
  vec2 id = floor(grid);
  vec2 f = fract(grid);
  vec2 margin = style < 0.55 ? vec2(0.22, 0.25) : style < 0.8 ? vec2(0.04, 0.3) : vec2(0.3, 0.12);
  vec2 frameMask = smoothstep(margin - 0.06, margin, f) * (1.0 - smoothstep(1.0 - margin, 1.0 - margin + 0.06, f));
  float frame = frameMask.x * frameMask.y;
  float rate = 1.0 / (20.0 + 40.0 * hash12(id + tower.y));
  float phase = uTime * rate + hash12(id * 1.3 + tower.y);
  float epoch = floor(phase);
  float now = step(hash13(vec3(id + tower.y * 0.37, epoch)), lit);
  float next = step(hash13(vec3(id + tower.y * 0.37, epoch + 1.0)), lit);
  // the last ~3 s of an epoch fade into the next one's state
  float fade = smoothstep(1.0 - 3.0 * rate, 1.0, fract(phase));
  float on = mix(now, next, fade);
  // a small, slow flicker: a few percent, a fraction of a hertz
  float flick = 1.0 - flicker * 0.15 * (0.5 + 0.5 * sin(uTime * (0.4 + hash12(id) * 0.6) + hash12(id + 9.0) * 6.28));
  float tintPick = hash12(vec2(tower.y, 4.4));
  vec3 tint = tintPick < 0.6 ? windowColor : tintPick < 0.85 ? mix(windowColor, vec3(0.75, 0.85, 1.0), 0.7) : mix(windowColor, neonColor, 0.5);
  float warmth = 0.75 + 0.5 * hash12(id + 2.2);
  return tint * warmth * frame * on * flick;
}

vec4 renderLayer(vec3 dir, vec2 uv) {
  float azimuthAngle = atan(dir.x, -dir.z);
  float elevationAngle = asin(clamp(dir.y, -1.0, 1.0));
  float pixel = max(fwidth(elevationAngle), 1e-4);
  float nightLights = followNight ? mix(1.0, 0.75, smoothstep(0.0, 0.5, uNight)) * (1.0 - 0.85 * smoothstep(0.65, 1.0, uNight)) : 1.0;
  float lit = windowsLit * nightLights;
  float baseLine = radians(horizonOffset);
  float above = max(elevationAngle - baseLine, 0.0);

  vec3 color = vec3(0.0);
  float cover = 0.0;
  vec3 spill = vec3(0.0);
  // The rows this pixel needs, a suffix: a row's reach (its tallest landmark with the mast) grows with its
  // depth, and below the street line only the signs of the two near rows light the haze. SwiftShader runs
  // every statement of a loop pass whatever the branches (only a pass no lane needs is not run), so work is
  // saved by running fewer passes, not by `continue` or `if`.
  int firstRow = elevationAngle <= baseLine - 0.05 ? 1 : 0;
  for (int row = 0; row < CITY_ROWS - 1; row++) {
    float reach = radians(mix(3.2, 8.0, float(row) / float(CITY_ROWS - 1)) * tallness) * 2.2 + 0.02;
    if (above > reach) firstRow = row + 1;
  }
  // far row first, each nearer row over it; the haze between rows pales the ones behind
  for (int row = firstRow; row < CITY_ROWS; row++) {
    float depth = float(row) / float(CITY_ROWS - 1);   // 0 far .. 1 near
    float cell = mix(0.035, 0.09, depth) / density;
    float tall = radians(mix(3.2, 8.0, depth) * tallness);
    // nothing of this row reaches here (the tallest landmark with its mast)
    if (above > tall * 2.2 + 0.02) continue;
    float x = azimuthAngle + float(row) * 0.37 + uSeed * 0.01;
    vec3 tower = cityTowerRow(x, cell, float(row) * 31.0 + uSeed, tall);
    if (tower.x < 0.0) continue;
    float top = baseLine + tower.x;
    float inside = 1.0 - smoothstep(top - pixel, top + pixel, elevationAngle);
    // a thin antenna on the tallest towers, with a soft red lamp that breathes slowly
    float antenna = 0.0;
    float lamp = 0.0;
    if (tower.x > tall * 0.7) {
      float across = abs(tower.z - 0.5) * cell;
      float mast = top + tower.x * 0.25;
      antenna = (1.0 - smoothstep(pixel * 0.3, pixel * 1.2, across)) * step(elevationAngle, mast);
      // a lamp of a pixel or two, but never larger than a real lamp (small targets such as water reflections)
      float lampDistance = length(vec2(across, elevationAngle - mast)) / min(pixel * 2.0, 0.004);
      lamp = exp(-lampDistance * lampDistance) * (0.6 + 0.4 * sin(uTime * 1.2 + tower.y));
    }
    float shape = max(inside, antenna);
    // aerial perspective: the far rows melt into the haze colour, the near row stays a dark silhouette
    vec3 body = mix(buildingColor, hazeColor * (0.25 + 0.2 * haze), 0.65 * (1.0 - depth) * (1.0 - depth));
    // the streets' glow climbing each tower's foot, and faint vertical modelling across its face
    float street = exp(-above / mix(0.008, 0.016, depth));
    body += hazeColor * haze * (0.06 + 0.45 * street) * (1.0 - 0.5 * depth);
    body *= 0.85 + 0.3 * smoothstep(0.0, 1.0, tower.z);
    vec2 a = vec2(x, above);
    vec3 lights = cityWindows(a, tower, cell, lit) * windowGlow * inside * mix(0.45, 1.0, depth);
    // a neon crown on some towers
    float crownOffset = (elevationAngle - top + pixel * 2.0) / (pixel * 1.2);
    float crownLine = exp(-crownOffset * crownOffset) * inside;
    vec3 crown = neonColor * neon * crownLine * step(0.6, hash12(vec2(tower.y, 2.0))) * nightLights;
    // a few neon signs: a tall glowing panel down one side of a tower, breathing slowly, its light
    // spilling into the haze around it
    vec3 sign = vec3(0.0);
    if (depth > 0.4 && hash12(vec2(tower.y, 8.1)) > 0.72) {
      float signTop = tower.x * (0.55 + 0.35 * hash12(vec2(tower.y, 8.7)));
      float signHeight = tower.x * 0.3;
      vec2 centre = vec2(0.12 + 0.1 * hash12(vec2(tower.y, 9.3)), signTop - signHeight * 0.5);
      vec2 offset = vec2((tower.z - centre.x) * cell, above - centre.y);
      vec2 halfSize = vec2(cell * 0.035, signHeight * 0.5);
      vec2 outside = max(abs(offset) - halfSize, 0.0);
      float signDistance = length(outside);
      float panel = 1.0 - smoothstep(0.0, pixel * 1.5, signDistance);
      vec3 signColor = hash12(vec2(tower.y, 9.9)) > 0.5 ? neonColor : mix(neonColor.bgr, vec3(0.3, 1.0, 0.9), 0.5);
      float breathe = 0.8 + 0.2 * sin(uTime * 0.45 + tower.y);
      sign = signColor * neon * nightLights * breathe * panel * 1.6;
      spill += signColor * neon * nightLights * breathe * exp(-signDistance / (cell * 0.12)) * 0.25;
    }
    vec3 layerColor = body + lights + crown + sign + vec3(1.0, 0.15, 0.1) * lamp * 2.0 * nightLights;
    color = mix(color, layerColor, shape);
    cover = max(cover, shape);
    color += vec3(1.0, 0.15, 0.1) * lamp * 2.0 * nightLights * (1.0 - shape);
    cover = max(cover, lamp * 0.5);
  }
  // a glow above the skyline: light pollution the colour of neon, and the signs' light in the fog
  vec3 skyGlow = hazeColor * haze * 0.5 * exp(-above * 30.0) * nightLights + spill;
  // below the street line the city dissolves into its own haze (the hills usually hide it)
  float ground = smoothstep(baseLine - 0.05, baseLine - 0.005, elevationAngle);
  cover *= ground;
  skyGlow += hazeColor * haze * 0.35 * (1.0 - ground) * smoothstep(baseLine - 0.12, baseLine - 0.01, elevationAngle);
  float alpha = max(cover, 1e-3);
  return vec4((color * cover + skyGlow) / alpha, alpha);
}
