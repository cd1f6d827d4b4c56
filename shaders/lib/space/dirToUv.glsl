// dirToSphereUv: maps a view direction to longitude/latitude in [0, 1]^2, for sky-fixed patterns.
// use: vec2 st = dirToSphereUv(normalize(dir));
// licence: MIT (Dreamscape).
vec2 dirToSphereUv(vec3 d) {
  return vec2(atan(d.z, d.x) * 0.15915494 + 0.5, asin(clamp(d.y, -1.0, 1.0)) * 0.31830989 + 0.5);
}
