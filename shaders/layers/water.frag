// water: a night lake. Directional waves (analytic slopes) ruffle the normals, wind patches calm and stir
// them, and each pixel reflects what is above it: the planar reflection of every layer (sky, aurora, city,
// islands, hills; src/scene/reflection.ts) bent by the ripples, and, where that shows nothing, a night sky
// evaluated along the reflected ray. A glittering moon path and wobbling stars on top, weighted by Fresnel.
#include ../lib/noise/snoise2.glsl;
#include ../lib/noise/hash.glsl;
#include water-wind.glsl;
uniform sampler2D uMirror;    // the planar reflection, streaked (water-streak.frag): premultiplied colour and coverage
uniform sampler2D uMirrorRaw; // the planar reflection as drawn
uniform float uMirrorReady;   // 0 until the first reflection is drawn
varying vec3 vWorld;
varying vec4 vMirror;
#define WATER_WAVES 7
flat varying vec4 vWave[WATER_WAVES];
flat varying vec4 vMoon;
flat varying vec2 vGlowDir;
// one wave's slope (analytic derivative of a cosine wave), weighted by amplitude and faded where it aliases
#define WAVE(i, amp) if (vWave[i].w * footprint < 1.5) { \
    slope += vWave[i].xy * (cos(dot(vWave[i].xy, p) + vWave[i].z) * amp * (1.0 - smoothstep(0.5, 1.5, vWave[i].w * footprint))); }

vec3 nightSky(vec3 r, float dawn, vec3 moonLight) {
  float up = clamp(r.y, 0.0, 1.0);
  vec3 horizonTint = mix(horizonColor, dawnColor, dawn * 0.7);
  vec3 color = mix(horizonTint, zenithColor, pow(up, 0.55));
  // the cosine of the angle to the glow's azimuth, without the angle: cos(atan(z, x) - azimuth)
  float toward = 0.5 + 0.5 * dot(r.xz, vGlowDir) * inversesqrt(max(dot(r.xz, r.xz), 1e-12));
  toward *= toward;
  float band = exp(-abs(up - 0.02) / 0.12) * mix(0.3, 1.0, toward * toward);
  // the horizon glow follows the night as the sky's does: embers at bedtime, faint at deep night, gold at dawn
  float nightGlow = followNight ? mix(1.0, 0.35, smoothstep(0.0, 0.5, uNight)) + 1.4 * smoothstep(0.6, 1.0, uNight) : 1.0;
  color += mix(glowColor, dawnColor, dawn) * band * glowStrength * nightGlow;
  return color + moonLight;
}

float reflectedStars(vec3 r) {
  vec3 p = r * 90.0;
  vec3 cell = floor(p);
  // most cells hold no star: their pixels skip the rest
  if (hash13(cell + uSeed) >= 0.12) return 0.0;
  // the star's place and brightness from one call (a software renderer pays per call)
  vec4 h = hash43(cell + 1.3);
  vec3 star = cell + 0.5 + 0.35 * (h.xyz - 0.5);
  float d = length(p - star);
  return exp(-d * d * 30.0) * (0.3 + 0.7 * h.w);
}

void main() {
  vec3 toEye = cameraPosition - vWorld;
  float dist = length(toEye);
  vec3 viewDir = toEye / dist;
  vec2 p = vWorld.xz;
  // how much ground one pixel covers: waves finer than that would only alias, so they fade out
  float footprint = max(length(fwidth(p)), 1e-4);

  // wind patches: glassy calm here, ruffled there, drifting slowly
  float wind = waterWind(p, uSeed, uTime * speed);
  float amplitude = waveHeight * mix(calm, 1.0, wind);
  vec2 slope = vec2(0.0);
  // the waves grow finer in turn; those finer than a pixel's footprint would only alias, so they are skipped
  WAVE(0, 1.0)
  WAVE(1, 0.6)
  WAVE(2, 0.36)
  WAVE(3, 0.216)
  WAVE(4, 0.1296)
  WAVE(5, 0.07776)
  WAVE(6, 0.046656)
  vec3 normal = normalize(vec3(-slope.x * amplitude, 1.0, -slope.y * amplitude));

  float dawn = vMoon.w;
  vec3 moonDir = vMoon.xyz;
  vec3 r = reflect(-viewDir, normal);
  r.y = abs(r.y);
  // the moon: a hot core, a halo; the ripples smear them into a glittering path (nothing of it shows below
  // m = 0.5, where its widest term is under 1e-5)
  float m = max(dot(r, moonDir), 0.0);
  float moonCore = 0.0;
  vec3 moonLight = vec3(0.0);
  if (m > 0.5) {
    // m^18, m^220 and m^4000 by repeated squaring: a multiply each, where a logarithm and two exponentials cost
    // a software renderer (which runs this for every pixel) some sixty
    float m2 = m * m;
    float m4 = m2 * m2;
    float m8 = m4 * m4;
    float m16 = m8 * m8;
    float m32 = m16 * m16;
    float m64 = m32 * m32;
    float m128 = m64 * m64;
    float m256 = m128 * m128;
    float m512 = m256 * m256;
    float m1024 = m512 * m512;
    float m2048 = m1024 * m1024;
    float m220 = m128 * m64 * m16 * m8 * m4;
    moonCore = m2048 * m1024 * m512 * m256 * m128 * m32 * 30.0;
    moonLight = moonColor * (moonCore + m220 * 1.2 + m16 * m2 * 0.15) * moonGlitter * (1.0 - 0.6 * dawn);
  }
  // the planar reflection, bent by the ripples (less far away, where a pixel spans many waves)
  vec2 mirrorUv = vMirror.xy / vMirror.w + normal.xz * amplitude * 0.35 / (1.0 + dist * 0.02);
  // the streaks that water draws lights into are in the streaked texture, as long as the wind here makes them; a
  // third of what shows is one tap of the reflection as drawn, at a random point of the same streak (fixed on
  // screen, so it never shimmers): small lights (windows, stars) glitter along it as when the water read five taps
  vec4 streaked = textureLod(uMirror, clamp(mirrorUv, vec2(0.001), vec2(0.999)), 0.0);
  vec2 texel = 1.0 / vec2(textureSize(uMirrorRaw, 0));
  vec2 h = hash22(gl_FragCoord.xy + 7.0);
  float h1 = h.x;
  float h2 = h.y;
  // the sum of two uniform numbers falls in a tent, close to the streak's weights (3 - |k| for k in [-2.5, 2.5])
  float k = 2.5 * (h1 + h2 - 1.0);
  vec2 tap = mirrorUv + vec2(texel.x * 0.5 * step(0.5, h2), k * waterStreakSpacing(amplitude) * texel.y);
  vec4 glitter = textureLod(uMirrorRaw, clamp(tap, vec2(0.001), vec2(0.999)), 0.0);
  vec4 mirrored = mix(streaked, glitter, 0.3) * uMirrorReady;
  // where the reflection shows layers, they replace the water's own sky; its moon path stays as glitter on top
  // (a sky layer above makes the reflection opaque nearly everywhere: then whole 2 x 2 quads skip the water's own sky)
  vec3 reflection = mirrored.rgb;
#ifndef WATER_SKY_COVERED
  // where the reflection shows nothing, the water's own sky; compiled out when an opaque sky covers every direction
  // (WaterObject.tsx): it was a third of the water's cost on a software renderer, which runs it for every pixel
  if (mirrored.a < 0.999) reflection += nightSky(r, dawn, moonLight) * (1.0 - mirrored.a);
#endif
  reflection += moonColor * moonCore * moonGlitter * (1.0 - 0.6 * dawn) * mirrored.a;
  reflection += reflectedStars(r) * starReflections * (1.0 - dawn) * (1.0 - 0.5 * mirrored.a);

  float cosine = max(dot(normal, viewDir), 0.0);
  float grazing = 1.0 - cosine;
  float grazing2 = grazing * grazing;
  float fresnel = 0.02 + 0.98 * grazing2 * grazing2 * grazing;
  vec3 color = mix(deepColor, reflection * reflectivity, clamp(fresnel, 0.0, 1.0));
  // far water melts into the horizon so the lake meets the sky without a seam
  float haze = 1.0 - exp(-dist * fogDensity);
  color = mix(color, mix(horizonColor, dawnColor, dawn * 0.7) + glowColor * glowStrength * 0.3, haze);
  gl_FragColor = dreamOutput(color, 1.0);
}
