// kaleidoscope: the shared dreamspace folded into mirrored wedges around a centre, turning slowly and
// breathing with a radial ripple; samples the picture at folded coordinates (a convolution effect).

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec2 aspectScale = vec2(uResolution.x / max(uResolution.y, 1.0), 1.0);
  vec2 p = (uv - center) * aspectScale;
  float r = length(p);
  float wedge = 6.28318530718 / float(segments);
  float a = atan(p.y, p.x) - radians(angle) - uTime * spin * 0.1;
  // fold the angle into one wedge, mirrored so neighbouring wedges meet without seams
  a = mod(a, wedge);
  a = abs(a - wedge * 0.5);
  float rr = r / max(zoom, 0.05) + ripple * 0.02 * sin(r * 28.0 - uTime * 0.8);
  vec2 q = vec2(cos(a), sin(a)) * rr / aspectScale + center;
  // mirror-wrap so zooming out never samples outside the picture
  q = 1.0 - abs(1.0 - mod(q, 2.0));
  vec4 folded = texture2D(inputBuffer, q);
  // the fold fades in from the centre outward according to `reach`
  float weight = amount * (1.0 - smoothstep(reach, reach + 0.25, r));
  outputColor = mix(inputColor, folded, weight);
}
