// One decoder step of the datamosh: each macroblock either refreshes from the new frame or keeps the old
// pixels, moved along a motion vector that is coherent over a region and changes in irregular beats.
uniform sampler2D tInput;
uniform sampler2D tHistory;
uniform vec2 bufferSize;
uniform float keep;
uniform float flowAmount;
uniform float blockPixels;
uniform float moshChance;
uniform float time;
uniform float seed;
varying vec2 vUv;

float smearHash(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}

void main() {
  vec2 block = floor(vUv * bufferSize / blockPixels);
  float beat = floor(time * 5.0 + smearHash(floor(block / 6.0) + seed) * 3.0);
  vec2 region = floor(block / 5.0);
  vec2 motion = vec2(smearHash(region + beat * 1.37 + seed), smearHash(region * 1.7 + beat * 2.11 + 7.0)) - 0.5;
  // the melt sags: motion leans downwards, as if the stale pixels were running
  motion = motion * vec2(1.0, 0.6) + vec2(0.0, -0.3);
  // sub-pixel steps, resampled every frame: the old picture softens as it travels
  vec2 shift = motion * flowAmount;
  float refreshBeat = floor(time * 12.0);
  float moshed = step(smearHash(block + refreshBeat * 3.1 + seed), moshChance);
  vec4 current = texelFetch(tInput, ivec2(gl_FragCoord.xy), 0); // this pixel's centre: the filtered value exactly
  vec4 previous = texture2D(tHistory, vUv - shift);
  gl_FragColor = vec4(mix(current.rgb, previous.rgb, keep * moshed), 1.0);
}
