// glitch-signal-loss, per draw: how lost the signal is and how far the frame has rolled depend on time and the
// sliders alone, so the pass triangle's three vertices work them out instead of every pixel.
#include ../lib/noise/hash.glsl;
#include glitch-signal-loss-noise.glsl;
varying float lossAmount; // 0 (a clean signal) .. 1 (lost)
varying float lossRoll;   // the vertical roll, in uv

// how lost the signal is, 0..1, from its own seeded cycle: a fall, a hold, a recovery with one aftershock
float lossCycle(float time) {
  float cycleLength = max(period, 0.5);
  float index = floor(time / cycleLength);
  float local = time - index * cycleLength;
  float held = hold * cycleLength;
  float start = hash12(vec2(index, 17.0 + uSeed)) * max(cycleLength - held - 2.0, 0.0);
  float fall = smoothstep(start, start + 0.45, local);
  float recover = 1.0 - smoothstep(start + 0.45 + held, start + 1.6 + held, local);
  float after = start + 1.9 + held;
  float aftershock = 0.45 * smoothstep(after, after + 0.12, local) * (1.0 - smoothstep(after + 0.12, after + 0.5, local));
  return max(fall * recover, aftershock);
}

void mainSupport(const in vec2 uv) {
  float ownCycle = lossCycle(uTime) * uCrash;
  // trigger 1 ('crash') follows the crash behaviour: the signal goes at the crash's peak
  float fromCrash = smoothstep(0.72, 0.98, uCrash);
  float loss = clamp(intensity * (trigger == 1 ? fromCrash : ownCycle), 0.0, 1.0);
  lossAmount = loss;
  // the frame loses vertical hold
  lossRoll = loss * loss * (uTime * 0.35 + lossNoise(uTime * 0.8, 9.0) * 0.3);
}
