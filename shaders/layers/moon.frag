// moon: a cratered moon (or a swirling dream portal) with a soft glow, a wide halo and a faint ice ring.
// The disc is opaque (it hides the stars behind it); the glow adds light: see the alpha trick at the end.
// The disc's surface (seven noise octaves, the portal's swirl) is the layer's inset (src/scene/insetPass.ts):
// fused runs draw it into a small texture in the disc's own coordinates and read one tap per pixel, since a
// software renderer would run it for every pixel of the sky whatever the branch; the glow needs no acos.
#include ../lib/noise/snoise2.glsl;
#include ../lib/noise/snoise3.glsl;

float moonDawn() {
  return followNight ? smoothstep(0.6, 1.0, uNight) : 0.0;
}

// the disc's surface at `local` (units of the radius; the disc is r < 1): opaque colour
vec4 renderInset(vec2 local) {
  float r = length(local);
  // the moon's sphere under the disc, and the portal's swirl: cos/sin of (atan + twist) by the angle sum
  vec2 d = local / max(r, 1.0);
  vec3 normal = vec3(d, sqrt(max(0.0, 1.0 - dot(d, d))));
  vec3 s = normal * 2.2 + uSeed;
  float twist = 3.0 / (r + 0.25) - uTime * 0.25;
  vec2 toward = r > 0.0 ? local / r : vec2(1.0, 0.0);
  float cosTwist = cos(twist);
  float sinTwist = sin(twist);
  vec2 p = vec2(toward.x * cosTwist - toward.y * sinTwist, toward.y * cosTwist + toward.x * sinTwist) * 1.5 + vec2(r * 3.0, uSeed);
  // both styles' octaves in one loop, summed exactly as fbm3 / fbm2 sum them: the moon's seas (4 octaves) and
  // craters (3), or the portal's arms (4)
  float seas = 0.0;
  float pits = 0.0;
  float arms = 0.0;
  vec3 q = s;
  float amplitude = 0.5;
  int octaves = style == 0 ? 7 : 4;
  for (int i = 0; i < 7; i++) {
    if (i >= octaves) break;
    if (i == 4) {
      q = s * 4.0 + 7.0;
      amplitude = 0.5;
    }
    bool sea = i < 4;
    float n3 = amplitude * snoise3(q);
    seas += sea ? n3 : 0.0;
    pits += sea ? 0.0 : n3;
    q = q * (sea ? 2.1 : 2.3) + vec3(17.13, -9.71, 4.37);
    arms += amplitude * snoise2(p);
    p = p * 2.0 + vec2(17.13, -9.71);
    amplitude *= sea ? 0.5 : 0.55;
  }
  // the moon: seas (large dark patches) and craters (small bright-rimmed pits), fixed to the sphere
  seas = smoothstep(-0.1, 0.45, seas / 0.9375);
  pits /= 0.92625;
  float albedo = mix(1.0, 0.55, seas * maria) * (0.92 + 0.16 * pits);
  vec3 sun = vec3(sin(phase * 3.14159), 0.15, cos(phase * 3.14159)) * inversesqrt(1.0225); // |(sin, 0.15, cos)| is fixed
  float lit = smoothstep(-0.04, 0.18, dot(normal, sun));
  float limb = 0.55 + 0.45 * normal.z;
  vec3 moonSurface = moonColor * albedo * limb * (lit + 0.035 * earthshine);

  // the portal: a spiral of light falling into a deep centre
  arms = arms / 0.9375 * 0.5 + 0.5;
  vec3 portal = mix(haloColor * 0.05, moonColor, arms * smoothstep(0.05, 1.0, r)) * (0.5 + 0.8 * smoothstep(0.7, 1.0, r));
  // a bright event-horizon rim
  float rimDistance = (r - 0.93) / 0.06;
  portal += mix(moonColor, vec3(1.0), 0.4) * exp(-rimDistance * rimDistance) * 1.2;

  return vec4((style == 0 ? moonSurface : portal) * brightness * mix(1.0, 0.6, moonDawn()), 1.0);
}

vec4 renderLayer(vec3 dir, vec2 uv) {
  float az = radians(azimuth);
  float el = radians(elevation);
  float cosEl = cos(el);
  float cosAz = cos(az);
  float sinAz = sin(az);
  vec3 center = vec3(cosEl * cosAz, sin(el), cosEl * sinAz);
  // normalize(cross(center, y)) without the square root: the azimuth's own tangent
  vec3 right = vec3(-sinAz, 0.0, cosAz);
  vec3 up = cross(right, center);
  float radius = radians(size);
  float cosAngle = clamp(dot(dir, center), -1.0, 1.0);
  // acos as a polynomial (Abramowitz & Stegun 4.4.45, error < 7e-5 rad, far below a pixel of glow)
  float c = abs(cosAngle);
  float angle = sqrt(1.0 - c) * (1.5707288 + c * (-0.2121144 + c * (0.0742610 - 0.0187293 * c)));
  angle = cosAngle < 0.0 ? 3.14159265 - angle : angle;
  // local disc coordinates, in units of the radius
  vec2 local = vec2(dot(dir, right), dot(dir, up)) / radius;
  float r = length(local);
  float pixel = max(fwidth(r), 1e-4);
  float disc = (1.0 - smoothstep(1.0 - pixel, 1.0 + pixel, r)) * step(0.0, cosAngle);
  float dawn = moonDawn();
  // the surface where the disc shows (a GPU skips it elsewhere; fused runs read one tap of the inset)
  vec3 surface = vec3(0.0);
  if (disc > 0.0) surface = dreamInset(local).rgb;
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
