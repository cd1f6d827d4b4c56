// moon: a cratered moon (or a swirling dream portal) with a soft glow, a wide halo and a faint ice ring.
// The disc is opaque (it hides the stars behind it); the glow adds light: see the alpha trick at the end.
#include ../lib/noise/fbm.glsl;

vec4 renderLayer(vec3 dir, vec2 uv) {
  float az = radians(azimuth);
  float el = radians(elevation);
  vec3 center = vec3(cos(el) * cos(az), sin(el), cos(el) * sin(az));
  vec3 right = normalize(cross(center, vec3(0.0, 1.0, 0.0)));
  vec3 up = cross(right, center);
  float radius = radians(size);
  float cosAngle = dot(dir, center);
  float angle = acos(clamp(cosAngle, -1.0, 1.0));
  // local disc coordinates, in units of the radius
  vec2 local = vec2(dot(dir, right), dot(dir, up)) / radius;
  float r = length(local);
  float pixel = max(fwidth(r), 1e-4);
  float disc = (1.0 - smoothstep(1.0 - pixel, 1.0 + pixel, r)) * step(0.0, cosAngle);

  float dawn = followNight ? smoothstep(0.6, 1.0, uNight) : 0.0;
  vec3 surface = vec3(0.0);
  if (disc > 0.0) {
    vec2 d = local / max(r, 1.0);
    vec3 normal = vec3(d, sqrt(max(0.0, 1.0 - dot(d, d))));
    if (style == 0) {
      // seas (large dark patches) and craters (small bright-rimmed pits), fixed to the sphere
      vec3 s = normal * 2.2 + uSeed;
      float seas = smoothstep(-0.1, 0.45, fbm3(s, 4, 2.1, 0.5));
      float pits = fbm3(s * 4.0 + 7.0, 3, 2.3, 0.55);
      float albedo = mix(1.0, 0.55, seas * maria) * (0.92 + 0.16 * pits);
      vec3 sun = normalize(vec3(sin(phase * 3.14159), 0.15, cos(phase * 3.14159)));
      float lit = smoothstep(-0.04, 0.18, dot(normal, sun));
      float limb = 0.55 + 0.45 * normal.z;
      surface = moonColor * albedo * limb * (lit + 0.035 * earthshine);
    } else {
      // a portal: a spiral of light falling into a deep centre
      float swirl = atan(local.y, local.x) + 3.0 / (r + 0.25) - uTime * 0.25;
      float arms = fbm2(vec2(cos(swirl), sin(swirl)) * 1.5 + vec2(r * 3.0, uSeed), 4, 2.0, 0.5) * 0.5 + 0.5;
      surface = mix(haloColor * 0.05, moonColor, arms * smoothstep(0.05, 1.0, r)) * (0.5 + 0.8 * smoothstep(0.7, 1.0, r));
      // a bright event-horizon rim
      float rimDistance = (r - 0.93) / 0.06;
      surface += mix(moonColor, vec3(1.0), 0.4) * exp(-rimDistance * rimDistance) * 1.2;
    }
    surface *= brightness * mix(1.0, 0.6, dawn);
  }
  // glow hugging the disc, a broad halo, and a thin ring at ~8 radii (the dream's ice halo)
  float outside = max(angle - radius, 0.0) / radius;
  vec3 glowLight = haloColor * (exp(-outside * 2.5) * 0.6 + exp(-outside * 0.35) * 0.18) * glow;
  float ringDistance = (angle / radius - 8.0) / 0.5;
  glowLight += haloColor * ring * 0.12 * exp(-ringDistance * ringDistance);
  glowLight *= mix(1.0, 0.4, dawn) * smoothstep(-0.05, 0.05, dir.y);

  // Normal blending paints rgb * a over (1 - a) of the background: the disc covers, the glow adds,
  // by dividing the added light by the (small) coverage once so the blend multiplies it back.
  // at dawn the disc thins: the brightening sky shows through a pale daytime moon
  float cover = disc * (1.0 - 0.65 * dawn);
  float alpha = max(cover, 1e-3);
  return vec4((surface * cover + glowLight) / alpha, alpha);
}
