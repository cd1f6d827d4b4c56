// islands: the island's shape, a pure function of a point of the unit sphere, the island's seedling and the
// layer's roughness and rock depth. Evaluated by the bake (islands-bake.frag) when one of those changes, not per
// vertex per frame: three evaluations a vertex (the point and two neighbours for the normal) were most of what
// the islands cost on a software renderer.
// The island's shape: a point of the unit sphere to a point of the island (before turning).
vec3 islandShape(vec3 s, vec3 key) {
  float n = snoise3(s * 1.6 + key);
  // a ragged outline: the rim wanders in and out around the island
  float outline = 1.0 + n * 0.32;
  if (s.y >= 0.0) {
    // a soft plateau: a rounded lip at the rim, gentle hills and a knoll on top
    float knoll = snoise3(s * 2.4 + key * 0.3);
    float lift = 1.0 - pow(1.0 - s.y, 3.0);
    return vec3(s.x * outline, lift * (0.15 + 0.06 * knoll) + n * 0.02, s.z * outline);
  }
  float down = -s.y;
  // eroded flutes: noise stretched along the fall line carves vertical gullies, deeper toward the tip
  float flute = snoise3(vec3(s.x * 6.5, down * 1.3, s.z * 6.5) + key * 1.7);
  // terraces: ledges of harder strata that the erosion left standing
  float band = down * 4.5 + n * 1.3;
  float ledge = smoothstep(0.0, 0.2, fract(band)) * (1.0 - smoothstep(0.75, 1.0, fract(band)));
  // a full, rounded body that tapers late into its tip (an upturned mountain, not a cone under a cap)
  vec2 across = s.xz / max(length(s.xz), 1e-4);
  float profile = pow(max(1.0 - pow(down, 1.4), 0.0), 0.8);
  float narrowing = profile * outline * (1.0 + roughness * (0.2 * flute * down * down + 0.06 * ledge));
  float lean = (seedling.x - 0.5) * 0.8 * down * down;
  float drop = pow(down, 0.9) * depthRatio * (0.7 + 0.6 * seedling.w) * (1.0 + n * 0.3 + flute * 0.12 * roughness);
  return vec3(across.x * narrowing + lean, -drop, across.y * narrowing + lean * 0.5);
}

