// islands: soft grassy plateaus over eroded, terraced rock, lit by the sky's own colours (sky light from
// above, the moon from the side, the crystal glow bouncing up from below), rimmed with sky light, threaded
// with faint glowing veins, and hung with roots of light; all sinking into the same distance fog as the terrain.
#include ../lib/noise/snoise3.glsl;
varying vec3 vWorld;
varying vec3 vLocal;
varying vec3 vNormal;
varying float vShape;
varying vec3 vStrand;
varying float vKind;

void main() {
  float dist = length(vWorld - cameraPosition);
  float fog = 1.0 - exp(-pow(dist * fogDensity, 1.5));

  if (vKind > 0.5) {
    // roots and light-falls: light poured down a strand, soft at its edges, fading toward the tip, with slow
    // drops of brightness gliding down (well under a hertz at any one place). Drawn additively: alpha 0.
    float along = vStrand.x;
    float edge = 1.0 - vStrand.y * vStrand.y;
    float drops = smoothstep(0.75, 1.0, fract(along * 2.0 - uTime * 0.12 + vStrand.z * 5.0));
    float light = edge * pow(1.0 - along, 1.6) * (0.35 + 0.65 * drops) * smoothstep(0.0, 0.06, along);
    vec3 strandColor = mix(glowColor, skyColor, along * 0.6) * light * glow * 0.9 * (1.0 - fog);
    gl_FragColor = uMultiply ? vec4(1.0) : vec4(strandColor * uOpacity, 0.0);
    return;
  }

  vec3 normal = normalize(vNormal);
  vec3 viewDir = normalize(cameraPosition - vWorld);
  if (dot(normal, viewDir) < -0.2) normal = -normal;
  float az = radians(lightAzimuth);
  vec3 light = normalize(vec3(cos(az), 0.6, sin(az)));
  // wrapped diffuse: the moonlight rolls softly round the forms instead of cutting them in two
  float diffuse = max((dot(normal, light) + 0.35) / 1.35, 0.0);
  diffuse *= diffuse;
  float facing = max(dot(normal, viewDir), 0.0);
  float rim = pow(1.0 - facing, 3.0);

  // one noise for the ground: grass patches on top, erosion streaks running down the rock
  float streakNoise = snoise3(vLocal * vec3(5.0, 0.9, 5.0) + uSeed);
  float fine = snoise3(vLocal * 11.0 + 3.1);
  float top = smoothstep(-0.03, 0.05, vShape + 0.03 * streakNoise) * smoothstep(0.2, 0.6, normal.y + 0.15 * fine);
  vec3 grass = topColor * (0.75 + 0.35 * streakNoise + 0.15 * fine);
  // rock: strata that catch the light differently, darker gullies, lighter ledges
  float strata = 0.82 + 0.18 * sin(vLocal.y * 14.0 + streakNoise * 2.0);
  vec3 rock = rockColor * strata * (0.8 + 0.25 * streakNoise) * (0.9 + 0.15 * fine);
  // moss spilling over the lip, hanging a little way down the rock
  float overhang = smoothstep(-0.14, -0.02, vShape + 0.06 * streakNoise) * (1.0 - top);
  vec3 base = mix(mix(rock, grass * 0.8, overhang), grass, top);

  // light from the sky's colours: the sky from above, the fog's colour from the sides, the glow from below
  vec3 ambient = mix(fogColor * 0.8, skyColor, 0.5 + 0.5 * normal.y) * 0.55;
  vec3 bounce = glowColor * glow * 0.22 * max(-normal.y, 0.0) * smoothstep(0.0, -0.6, vShape);
  vec3 color = base * (ambient + vec3(0.95, 0.92, 1.0) * diffuse + bounce);
  // the lawn's edge and the silhouettes catch the sky
  color += skyColor * rim * rimLight * (0.45 + 0.55 * smoothstep(-0.3, 0.2, normal.y));
  color += topColor * (top * (1.0 - top) * 1.6 + overhang * 0.25) * rimLight * 0.4;

  // veins of crystal light in the lower rock, thin and anti-aliased, and the glowing tip they run to
  float veinField = abs(fine + 0.3 * streakNoise);
  float vein = (1.0 - smoothstep(0.0, max(fwidth(veinField), 1e-3) * 1.2 + 0.006, veinField)) * smoothstep(0.1, 0.5, streakNoise);
  float lower = smoothstep(-0.25, -0.8, vShape);
  float tip = smoothstep(-0.72, -1.0, vShape);
  color += glowColor * glow * (vein * lower * 0.6 + tip * 2.2 + lower * 0.08);

  color = mix(color, fogColor, fog);
  gl_FragColor = dreamOutput(color, 1.0);
}
