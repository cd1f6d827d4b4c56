// glitch-blocks: the stream loses packets. Wide strips tear sideways, macroblocks land in the wrong place with
// their colours posterised and swapped, and some rows smear their last good pixel across the screen.
#include ../lib/noise/hash.glsl;
// per draw (glitch-blocks.vert): the current tear (the picture is re-torn `rate` times a dream-second and each
// tear lasts a seeded, irregular while) and its strips' size
flat varying float blocksHold;
flat varying vec2 blocksStripSize;

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float k = clamp(intensity * uCrash, 0.0, 1.0);
  float hold = blocksHold;
  vec2 aspect = vec2(uResolution.x / max(uResolution.y, 1.0), 1.0);
  vec2 sampleUv = uv;
  vec3 color = inputColor.rgb;
  float torn = 0.0;

  // 1. strips: wide, thin rectangles that slide sideways
  vec2 stripSize = blocksStripSize;
  vec2 stripCell = floor(uv * aspect / stripSize + vec2(hash12(vec2(floor(uv.y * aspect.y / stripSize.y), hold)), 0.0));
  float stripRoll = hash12(stripCell + hold * vec2(13.1, 7.7) + uSeed);
  if (stripRoll < 0.42 * k) {
    float slide = (hash12(stripCell * 1.31 + hold) - 0.5) * 2.0 * shift * (0.4 + k);
    sampleUv.x = fract(sampleUv.x + slide);
    torn = 1.0;
    // some strips hold their leftmost pixel: a long horizontal smear
    if (hash12(stripCell + 91.0 + hold) < 0.3) sampleUv.x = (stripCell.x * stripSize.x) / aspect.x;
  }

  // 2. macroblocks: squares copied from somewhere else in the frame
  vec2 blockCell = floor(uv * aspect / blockSize);
  float blockRoll = hash12(blockCell + hold * vec2(3.3, 17.9) + uSeed * 1.7);
  float misplaced = step(blockRoll, 0.22 * k * k);
  if (misplaced > 0.5) {
    vec2 jump = floor((hash22(blockCell + hold) - 0.5) * 6.0) * blockSize / aspect;
    sampleUv = fract(uv + jump);
    torn = 2.0;
  }

  if (torn > 0.0) {
    color = texture2D(inputBuffer, sampleUv).rgb;
    // colour bleed: a torn piece arrives with its channels misregistered
    float bleed = colorBleed * k * 0.02;
    color.r = texture2D(inputBuffer, sampleUv + vec2(bleed, 0.0)).r;
    if (torn > 1.5) {
      // decoded without its reference frame: posterised, channels rotated in a few blocks. Posterised in a gamma-2
      // space (a square root and a square: two pows were most of this layer's cost on a software renderer, which
      // pays for them in every pixel, torn or not; gamma 2.2 looked no different on a posterised block)
      float levels = 3.0 + floor(hash12(blockCell + 5.0) * 5.0);
      vec3 display = sqrt(max(color, 0.0));
      display = floor(display * levels + 0.5) / levels;
      if (hash12(blockCell + hold + 33.0) < colorBleed * 0.5) display = display.gbr;
      color = display * display;
    }
  }
  outputColor = vec4(color, inputColor.a);
}
