// glitch-signal-loss: the dream loses its carrier. The rows lose horizontal sync and slide, the picture rolls,
// breaks into bands of noise and drowns in a cold blue field, then finds the signal again.
#include ../lib/noise/hash.glsl;
#include glitch-signal-loss-noise.glsl;
// per draw (glitch-signal-loss.vert)
varying float lossAmount;
varying float lossRoll;

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float loss = lossAmount;

  // 1. horizontal sync slips: rows slide, more the deeper the loss
  float row = floor(uv.y * uResolution.y / 3.0);
  float slip = (lossNoise(row * 0.07 + uTime * 2.3, 3.0) - 0.5) * 0.5 * loss * loss;
  slip += (hash12(vec2(row, floor(uTime * 20.0))) - 0.5) * 0.04 * loss;
  // 2. vertical roll (per draw): the frame loses vertical hold
  vec2 sampleUv = vec2(fract(uv.x + slip), fract(uv.y + lossRoll));
  vec3 picture = texture2D(inputBuffer, sampleUv).rgb;
  // 3. bands of noise break in from the middle of the loss
  float band = floor(uv.y * 22.0 + uTime * 3.0);
  float bandNoise = step(1.0 - loss * 1.2 + 0.2, hash12(vec2(band, floor(uTime * 12.0) + uSeed)));
  vec2 cell = floor(uv * uResolution / 2.0);
  float snowFlake = hash12(cell + fract(uTime * 0.731) * 1000.0);
  // the lost carrier: a cold field with a slow rolling bar, under fine snow
  float rollingBar = smoothstep(0.75, 1.0, sin(6.2831853 * (uv.y * 1.3 + uTime * 0.45)));
  vec3 field = noiseColor * (0.3 + 0.55 * lossNoise(uv.y * 6.0 - uTime * 1.5, 5.0) + 0.5 * rollingBar);
  vec3 lostField = field * 0.55 + vec3(snowFlake * snowFlake) * 0.22;
  // 4. the picture sinks under the field but never quite leaves: a ghost of the dream keeps slipping past
  float drown = smoothstep(0.45, 1.0, loss) * 0.86;
  vec3 color = mix(picture, lostField, max(drown, bandNoise * 0.85 * loss));
  outputColor = vec4(color, inputColor.a);
}
