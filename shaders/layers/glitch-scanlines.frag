// glitch-scanlines: an old tube trying to hold the picture. Fine scanlines, and soft interference bars that roll
// up the screen, bending the rows they pass through.
#include ../lib/noise/hash.glsl;

float scanNoise(float x, float salt) {
  float i = floor(x);
  float f = fract(x);
  return mix(hash12(vec2(i, salt + uSeed)), hash12(vec2(i + 1.0, salt + uSeed)), f * f * (3.0 - 2.0 * f));
}

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float k = clamp(intensity * uCrash, 0.0, 1.0);
  // rolling bars: soft bands travelling upwards at rollSpeed screens per dream-second
  float travel = uv.y - uTime * rollSpeed;
  float wave = 0.5 + 0.5 * sin(6.2831853 * travel * max(bars, 0.01));
  float bar = smoothstep(0.55, 1.0, wave) * step(0.001, bars);
  // inside a bar the rows bend: line-by-line horizontal jitter, smooth in time
  float line = floor(uv.y * uResolution.y * 0.5);
  float bend = (scanNoise(line * 0.15 + uTime * 9.0, 4.1) - 0.5) * wobble * 0.035 * k * bar;
  bend += sin(uv.y * 40.0 + uTime * 3.0) * 0.004 * wobble * k * bar;
  vec3 color = texture2D(inputBuffer, vec2(uv.x + bend, uv.y)).rgb;
  // the bar's own glow: washed, a little lifted, tinted like phosphor
  color = mix(color, color * 0.85 + tint * 0.035, bar * k * 0.7);
  // scanlines in screen space: dark gaps between lines of the picture
  float scan = 0.5 + 0.5 * cos(6.2831853 * uv.y * lineDensity);
  color *= 1.0 - k * 0.5 * scan;
  // a faint hum: the whole picture breathes with the mains, slowly
  color *= 1.0 - 0.04 * k * (0.5 + 0.5 * sin(uTime * 2.1));
  outputColor = vec4(color, inputColor.a);
}
