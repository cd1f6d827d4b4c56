// cosinePalette: smooth procedural colour ramps (a + b * cos(2 pi (c t + d))).
// use: vec3 c = cosinePalette(t, a, b, c, d);
// licence: MIT (Dreamscape), after Inigo Quilez's article on procedural palettes.
vec3 cosinePalette(float t, vec3 a, vec3 b, vec3 c, vec3 d) {
  return a + b * cos(6.28318530718 * (c * t + d));
}
