// rain: a bright head fading along its streak; additive light in the layer's two colours.
varying float vTail;
varying float vFade;
varying float vTint;
void main() {
  vec3 tint = mix(colorA, colorB, vTint);
  float body = pow(1.0 - vTail, 1.5);
  gl_FragColor = dreamOutput(tint * body * vFade * brightness, 1.0);
}
