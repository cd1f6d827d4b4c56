// terrain: dusky hills lit by a low moon and by the sky above them, rimmed with sky light, traced by thin glowing
// contour lines, with mist pooling in the valleys and atmospheric haze that carries the far hills into the
// horizon's colour.
varying vec3 vWorld;
varying vec3 vNormal;
varying float vHeight;
varying vec2 vNoise;
varying vec3 vDistance;

void main() {
  vec3 n = normalize(vNormal);
  vec3 light = normalize(vec3(-0.4, 0.55, -0.75));
  // wrapped diffuse: soft terminators, the forms roll into shadow instead of cutting off
  float diffuse = max((dot(n, light) + 0.3) / 1.3, 0.0);
  diffuse *= diffuse;
  vec3 viewDir = normalize(cameraPosition - vWorld);
  // rim light on the hills' silhouettes only: flat ground seen at a grazing angle is not a rim (it washed
  // the whole valley floor in the glow colour)
  float facing = 1.0 - max(dot(n, viewDir), 0.0);
  float rim = facing * facing * facing * (1.0 - n.y * n.y);
  float variation = vNoise.x;

  // ground: low to high colour, steep faces a little darker (rock), broad patches of variation
  float steep = 1.0 - smoothstep(0.55, 0.9, n.y);
  vec3 base = mix(lowColor, highColor, smoothstep(0.0, 1.0, vHeight)) * (0.85 + 0.2 * variation) * (1.0 - 0.3 * steep);
  // light: the moon, and the sky's own colour from above (the haze colour stands in for it)
  vec3 skyLight = hazeColor * (0.25 + 0.35 * n.y);
  vec3 color = base * (0.35 + 0.9 * diffuse) + base * skyLight + glowColor * rim * rimLight * 0.6;

  // contour lines of equal height: a one-pixel core and a soft halo, measured in pixels (fwidth) so they stay
  // thin at every distance; where the lines would crowd closer than a few pixels they fade out instead of
  // merging into bands
  float level = vHeight * height * contours;
  float spacing = max(fwidth(level), 1e-4);
  float pixels = abs(fract(level - uTime * 0.05) - 0.5) / spacing;
  float core = 1.0 - smoothstep(0.0, 1.0, pixels);
  float halo = exp(-pixels * 0.45) * 0.35;
  float crowding = 1.0 - smoothstep(0.08, 0.3, spacing);
  // light runs along the lines in slow patches
  float shimmer = 0.45 + 0.55 * smoothstep(-0.4, 0.8, vNoise.y);
  color += glowColor * (core + halo) * crowding * contourGlow * shimmer;

  // mist pooled in the valleys, thicker far away
  float mistLayer = exp(-max(vWorld.y, 0.0) / max(0.6 + 0.4 * variation, 0.1)) * mist * vDistance.y;
  // aerial perspective: distance haze toward the horizon colour, the far hills almost gone into it
  float fog = vDistance.x;
  vec3 hazeTint = mix(fogColor, hazeColor, vDistance.z);
  color = mix(color, hazeTint, clamp(fog + mistLayer * 0.6, 0.0, 1.0));
  gl_FragColor = dreamOutput(color, 1.0);
}
