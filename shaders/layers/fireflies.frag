// fireflies: a hot core inside a soft halo; additive light.
varying float vGlow;
varying float vTint;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(c, c);
  if (r2 > 1.0) discard;
  float core = exp(-r2 * 18.0);
  float halo = exp(-r2 * 3.5) * 0.35;
  vec3 color = mix(colorA, colorB, vTint);
  gl_FragColor = dreamOutput(color * (core * 2.0 + halo) * vGlow * brightness, 1.0);
}
