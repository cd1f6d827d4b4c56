// water-streak: the planar reflection drawn long, as water draws lights: each texel averages the reflection along
// a vertical streak whose length follows the wind patch on the water where the texel is seen. Drawn at the
// reflection's own size (1/16 of the picture) each time the reflection is drawn, so the water reads its
// reflection in one tap (five taps a pixel before: a third of the lake's cost on a software renderer).
#include ../lib/noise/snoise2.glsl;
#include water-wind.glsl;
uniform sampler2D tReflection;        // premultiplied colour and coverage
uniform mat4 uMirrorWorld;            // the mirrored camera's world matrix
uniform mat4 uMirrorInverseProjection;
uniform float level;
uniform float waveHeight;
uniform float calm;
uniform float speed;
uniform float uSeed;
uniform float uTime;
varying vec2 vUv;
#define STREAK_MAX_PAIRS 6

void main() {
  // the water point this texel shows: the mirrored camera's ray through it, met with the water plane
  vec4 view = uMirrorInverseProjection * vec4(vUv * 2.0 - 1.0, 1.0, 1.0);
  vec3 dir = mat3(uMirrorWorld) * (view.xyz / view.w);
  vec3 origin = uMirrorWorld[3].xyz;
  float along = abs(dir.y) > 1e-6 ? (level - origin.y) / dir.y : -1.0;
  float wind = along > 0.0 ? waterWind(origin.xz + dir.xz * along, uSeed, uTime * speed) : 1.0;
  float spacing = waterStreakSpacing(waveHeight * mix(calm, 1.0, wind));
  // the kernel of the water's five jittered taps (weight 3 - |k| for k within 2.5 spacings): the texel itself, then
  // each pair of rows beyond it in one bilinear tap between them (no row missed, no dashes), every other pair half
  // a texel aside (small squares melt)
  vec2 texel = 1.0 / vec2(textureSize(tReflection, 0));
  int pairs = int(min(ceil(1.25 * spacing), float(STREAK_MAX_PAIRS)));
  vec4 sum = textureLod(tReflection, vUv, 0.0) * 3.0;
  float weights = 3.0;
  for (int j = 0; j < STREAK_MAX_PAIRS; j++) {
    if (j >= pairs) break;
    float rows = 2.0 * float(j) + 1.5;
    float weight = 2.0 * max(3.0 - rows / spacing, 0.0);
    vec2 offset = vec2(texel.x * 0.5 * mod(float(j), 2.0), rows * texel.y);
    sum += (textureLod(tReflection, clamp(vUv + offset, vec2(0.001), vec2(0.999)), 0.0)
          + textureLod(tReflection, clamp(vUv - offset, vec2(0.001), vec2(0.999)), 0.0)) * weight;
    weights += 2.0 * weight;
  }
  gl_FragColor = sum / weights;
}
