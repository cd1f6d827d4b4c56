// glitch-blocks, per draw: which tear the picture is in and the shape of its strips depend on time and the
// sliders alone, so the pass triangle's three vertices work them out instead of every pixel.
#include ../lib/noise/hash.glsl;
flat varying float blocksHold;       // (flat: a hash reads it) the current tear: changes `rate` times a dream-second, held a seeded while
flat varying vec2 blocksStripSize;   // the tear's strips, in aspect-corrected uv

void mainSupport(const in vec2 uv) {
  float tick = floor(uTime * rate);
  float hold = floor(tick / (1.0 + floor(hash12(vec2(floor(tick / 3.0), uSeed)) * 3.0)));
  blocksHold = hold;
  blocksStripSize = vec2(blockSize * 4.0, blockSize * (0.18 + 0.5 * hash12(vec2(hold, 2.7 + uSeed))));
}
