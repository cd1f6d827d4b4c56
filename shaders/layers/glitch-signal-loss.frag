// glitch-signal-loss: the dream loses its carrier. The rows lose horizontal sync and slide, the picture rolls,
// breaks into bands of noise and drowns in a cold blue field, then finds the signal again.
#include ../lib/noise/hash.glsl;

float lossNoise(float x, float salt) {
  float i = floor(x);
  float f = fract(x);
  return mix(hash12(vec2(i, salt + uSeed)), hash12(vec2(i + 1.0, salt + uSeed)), f * f * (3.0 - 2.0 * f));
}

float lossSmooth(float edge0, float edge1, float x) {
  return smoothstep(edge0, edge1, x);
}

// how lost the signal is, 0..1, from its own seeded cycle: a fall, a hold, a recovery with one aftershock
float lossCycle(float time) {
  float cycleLength = max(period, 0.5);
  float index = floor(time / cycleLength);
  float local = time - index * cycleLength;
  float held = hold * cycleLength;
  float start = hash12(vec2(index, 17.0 + uSeed)) * max(cycleLength - held - 2.0, 0.0);
  float fall = lossSmooth(start, start + 0.45, local);
  float recover = 1.0 - lossSmooth(start + 0.45 + held, start + 1.6 + held, local);
  float after = start + 1.9 + held;
  float aftershock = 0.45 * lossSmooth(after, after + 0.12, local) * (1.0 - lossSmooth(after + 0.12, after + 0.5, local));
  return max(fall * recover, aftershock);
}

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float ownCycle = lossCycle(uTime) * uCrash;
  // trigger 1 ('crash') follows the crash behaviour: the signal goes at the crash's peak
  float fromCrash = lossSmooth(0.72, 0.98, uCrash);
  float loss = clamp(intensity * (trigger == 1 ? fromCrash : ownCycle), 0.0, 1.0);

  // 1. horizontal sync slips: rows slide, more the deeper the loss
  float row = floor(uv.y * uResolution.y / 3.0);
  float slip = (lossNoise(row * 0.07 + uTime * 2.3, 3.0) - 0.5) * 0.5 * loss * loss;
  slip += (hash12(vec2(row, floor(uTime * 20.0))) - 0.5) * 0.04 * loss;
  // 2. vertical roll: the frame loses vertical hold
  float roll = loss * loss * (uTime * 0.35 + lossNoise(uTime * 0.8, 9.0) * 0.3);
  vec2 sampleUv = vec2(fract(uv.x + slip), fract(uv.y + roll));
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
  float drown = lossSmooth(0.45, 1.0, loss) * 0.86;
  vec3 color = mix(picture, lostField, max(drown, bandNoise * 0.85 * loss));
  outputColor = vec4(color, inputColor.a);
}
