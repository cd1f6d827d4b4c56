// glitch-signal-loss's smooth 1-D value noise in [0, 1], for its per-draw and per-pixel parts alike.
float lossNoise(float x, float salt) {
  float i = floor(x);
  float f = fract(x);
  return mix(hash12(vec2(i, salt + uSeed)), hash12(vec2(i + 1.0, salt + uSeed)), f * f * (3.0 - 2.0 * f));
}
