// glitch-static: snow over the dream, and dropouts: rows where the tape lost its oxide and the signal
// flares into a short white comet before it comes back.
#include ../lib/noise/hash.glsl;

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float k = clamp(intensity * uCrash, 0.0, 1.0);
  vec2 pixel = uv * uResolution;
  // snow re-rolls 30 times a dream-second (time-based, whatever the display rate); balanced around its mean,
  // so the picture's overall brightness holds still while the grain boils
  float frame = floor(uTime * 30.0);
  vec2 cell = floor(pixel / grainSize);
  float n = hash12(cell + vec2(frame * 37.17, frame * 11.31) + uSeed);
  float n2 = hash12(cell * 1.37 + vec2(frame * 5.71, 91.3));
  float flake = n * n2 * 2.0;
  vec3 snowColor = tint * flake * flake * 0.35;
  float luma = dot(inputColor.rgb, vec3(0.2126, 0.7152, 0.0722));
  vec3 color = mix(inputColor.rgb, snowColor + inputColor.rgb * 0.6, k * snow * 0.8);

  // dropouts: a row, a starting point, a comet tail that fades along the scan
  float rowHeight = max(1.0, uResolution.y / 180.0);
  float row = floor(pixel.y / rowHeight);
  float dropFrame = floor(uTime * 15.0);
  float chance = k * dropouts * 0.06;
  float rowRoll = hash12(vec2(row, dropFrame + uSeed));
  if (rowRoll < chance) {
    float start = hash12(vec2(row * 3.1, dropFrame)) * uResolution.x;
    float len = (0.05 + 0.35 * hash12(vec2(row, dropFrame * 1.7))) * uResolution.x;
    float along = (pixel.x - start) / len;
    if (along > 0.0 && along < 1.0) {
      float fade = 1.0 - along;
      float tail = fade * sqrt(fade); // (1 - along)^1.5 without a pow, which every pixel would pay for
      // about half the dropouts flare white, the others fall to black: the frame mean barely moves
      float polarity = step(0.5, hash12(vec2(row, dropFrame + 3.3)));
      color = mix(color, mix(vec3(0.0), tint * 1.2, polarity), tail * 0.9);
    }
  }
  // weak signal: the colours sag towards the snow's grey as the crash deepens
  color = mix(color, vec3(luma), k * snow * 0.25);
  outputColor = vec4(color, inputColor.a);
}
