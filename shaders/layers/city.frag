// city: Neoterra on the horizon, two rows of towers in silhouette with lit windows, neon crowns and haze.
// Buildings live in (azimuth, elevation) angles so the skyline stays put as the camera drifts.
#include ../lib/noise/hash.glsl;

// One row of towers: returns (height of the tallest tower covering this azimuth, its id) from two
// interleaved grids of differing widths, so silhouettes overlap like a real skyline.
vec3 towerRow(float x, float cell, float rowSeed, float tallness) {
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
    if (h > best.x) best = vec3(h, id + float(g) * 1000.0, (local - start) / width);
  }
  return best;
}

vec3 windows(vec2 a, vec3 tower, float towerWidth, float lit, float rowSeed) {
  // a grid of windows in angle units, lit at random, each changing its mind every ~20-60 s
  vec2 grid = vec2(a.x / (towerWidth * windowSize), a.y / (towerWidth * windowSize * 1.6));
  vec2 id = floor(grid);
  vec2 f = fract(grid);
  float frame = step(0.22, f.x) * step(f.x, 0.78) * step(0.25, f.y) * step(f.y, 0.75);
  float rate = 1.0 / (20.0 + 40.0 * hash12(id + tower.y));
  float epoch = floor(uTime * rate + hash12(id * 1.3 + tower.y));
  float on = step(hash13(vec3(id + tower.y * 0.37, epoch + rowSeed)), lit);
  // a small, slow flicker: a few percent, a fraction of a hertz
  float flick = 1.0 - flicker * 0.15 * (0.5 + 0.5 * sin(uTime * (0.4 + hash12(id) * 0.6) + hash12(id + 9.0) * 6.28));
  vec3 tint = mix(windowColor, neonColor, step(0.82, hash12(id + 4.4)) * 0.6);
  return tint * frame * on * flick;
}

vec4 renderLayer(vec3 dir, vec2 uv) {
  float azimuthAngle = atan(dir.x, -dir.z);
  float elevationAngle = asin(clamp(dir.y, -1.0, 1.0));
  float pixel = max(fwidth(elevationAngle), 1e-4);
  float nightLights = followNight ? mix(1.0, 0.75, smoothstep(0.0, 0.5, uNight)) * (1.0 - 0.85 * smoothstep(0.65, 1.0, uNight)) : 1.0;
  float lit = windowsLit * nightLights;
  float baseLine = radians(horizonOffset);

  vec3 color = vec3(0.0);
  float cover = 0.0;
  // far row first, then the near row over it
  for (int row = 0; row < 2; row++) {
    float isNear = float(row);
    float cell = mix(0.045, 0.075, isNear) / density;
    float tall = radians(mix(4.0, 7.0, isNear) * tallness);
    float x = azimuthAngle + isNear * 0.37 + uSeed * 0.01;
    vec3 tower = towerRow(x, cell, isNear * 31.0 + uSeed, tall);
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
      float lampDistance = length(vec2(across, elevationAngle - mast)) / (pixel * 2.0);
      lamp = exp(-lampDistance * lampDistance) * (0.6 + 0.4 * sin(uTime * 1.2 + tower.y));
    }
    float shape = max(inside, antenna);
    // the far row sinks into the haze; both glow from the streets below
    vec3 body = mix(buildingColor, hazeColor, 0.3 * (1.0 - isNear));
    float street = exp(-max(elevationAngle - baseLine, 0.0) / 0.012);
    body += hazeColor * haze * (0.08 + 0.5 * street) * (1.0 - 0.4 * isNear);
    vec2 a = vec2(x, elevationAngle - baseLine);
    vec3 lights = windows(a, tower, cell, lit, isNear) * windowGlow * inside * (1.0 - 0.4 * (1.0 - isNear));
    // a neon crown on some towers
    float crownLine = exp(-pow((elevationAngle - top + pixel * 2.0) / (pixel * 1.2), 2.0)) * inside;
    vec3 crown = neonColor * neon * crownLine * step(0.6, hash12(vec2(tower.y, 2.0))) * nightLights;
    vec3 layerColor = body + lights + crown + vec3(1.0, 0.15, 0.1) * lamp * 2.0 * nightLights;
    color = mix(color, layerColor, shape);
    cover = max(cover, shape);
    color += vec3(1.0, 0.15, 0.1) * lamp * 2.0 * nightLights * (1.0 - shape);
    cover = max(cover, lamp * 0.5);
  }
  // a glow above the skyline: light pollution the colour of neon
  float above = max(elevationAngle - baseLine, 0.0);
  vec3 skyGlow = hazeColor * haze * 0.5 * exp(-above * 30.0) * nightLights;
  // below the street line the city dissolves into its own haze (the hills usually hide it)
  float ground = smoothstep(baseLine - 0.05, baseLine - 0.005, elevationAngle);
  cover *= ground;
  skyGlow += hazeColor * haze * 0.35 * (1.0 - ground) * smoothstep(baseLine - 0.12, baseLine - 0.01, elevationAngle);
  float alpha = max(cover, 1e-3);
  return vec4((color * cover + skyGlow) / alpha, alpha);
}
