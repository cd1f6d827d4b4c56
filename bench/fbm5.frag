// The yardstick of issue 14: one full-screen 5-octave 3D simplex fbm, the noise every layer is built from.
// Drawn by bench.tsx in bare WebGL2 (no three.js) at the size of the frame it is compared with.
#include ../shaders/lib/noise/fbm.glsl;
uniform float uTime;
uniform vec2 uResolution;
varying vec2 vUv;
void main() {
  vec2 p = vUv * vec2(uResolution.x / uResolution.y, 1.0) * 3.0;
  float n = fbm3(vec3(p, uTime * 0.1), 5, 2.0, 0.5);
  gl_FragColor = vec4(vec3(n * 0.5 + 0.5), 1.0);
}
