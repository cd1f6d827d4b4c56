// water: the wind patches (glassy calm here, ruffled there, drifting slowly), shared by the water's surface and
// the pass that draws its reflection streaked (water-streak.frag), so both see the same patch at a point.
float waterWind(vec2 p, float seed, float time) {
  return smoothstep(-0.6, 0.8, snoise2(p * 0.035 + vec2(seed, time * 0.03)));
}

// how far apart, in reflection texels, the water draws a light's streak (rougher water: longer streaks)
float waterStreakSpacing(float amplitude) {
  return 0.8 + min(40.0 * amplitude, 4.0);
}
