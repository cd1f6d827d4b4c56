// islands: soft grassy plateaus over eroded rock in strata, lit by the sky's own colours (the horizon's light
// from the side, a cool fill from overhead, the crystal glow bouncing up from below), rimmed and backlit with
// sky light, seamed with glowing crystal underneath and hung with roots of light; all sinking into the same
// distance fog as the terrain.
#include ../lib/noise/snoise3.glsl;
varying vec3 vWorld;
varying vec3 vLocal;
varying vec3 vNormal;
varying float vShape;
varying vec3 vStrand;
varying float vStrataNoise; // the strata's broad patches: smooth over the rock, so per vertex

/** A colour at full value: its hue and saturation, so a light's strength is set apart from how dark it was picked. */
vec3 hueOf(vec3 c) {
  return c / max(max(c.r, c.g), max(c.b, 1e-3));
}

void main() {
  float dist = length(vWorld - cameraPosition);
  float fog = 1.0 - exp(-pow(dist * fogDensity, 1.5));

#ifdef ISLAND_STRANDS
  {
    // roots and light-falls: light poured down a strand, soft at its edges, fading toward the tip, with slow
    // drops of brightness gliding down (well under a hertz at any one place). Drawn additively: alpha 0.
    float along = vStrand.x;
    float edge = 1.0 - vStrand.y * vStrand.y;
    float drops = smoothstep(0.75, 1.0, fract(along * 2.0 - uTime * 0.12 + vStrand.z * 5.0));
    float light = edge * pow(1.0 - along, 1.6) * (0.35 + 0.65 * drops) * smoothstep(0.0, 0.06, along);
    vec3 strandColor = mix(glowColor, skyColor, along * 0.6) * light * glow * 0.9 * (1.0 - fog);
    gl_FragColor = uMultiply ? vec4(1.0) : vec4(strandColor * uOpacity, 0.0);
  }
#else
  {
    vec3 normal = normalize(vNormal);
    vec3 viewDir = normalize(cameraPosition - vWorld);
    if (dot(normal, viewDir) < -0.2) normal = -normal;
    float island = vStrand.z; // the island's own random, for its own rock and moss

    // The sky lights the islands, all from colours the preset already set: the horizon's light (the rim colour)
    // from low in the light's direction, a cool fill from the sky overhead (the fog colour, lifted), the
    // crystal's glow and the lake's dusk bouncing up from below. The night dims the key light as it dims the
    // sky's glow (deep night), and warms it back at dawn.
    float nightKey = mix(1.0, 0.55, smoothstep(0.0, 0.5, uNight)) + 0.6 * smoothstep(0.6, 1.0, uNight);
    float az = radians(lightAzimuth);
    vec3 light = normalize(vec3(cos(az), 0.32, sin(az)));
    // the lights take their hue from the colours and their strength from here (a dark fog colour is still a hue)
    vec3 keyColor = mix(vec3(1.0, 0.95, 0.9), hueOf(skyColor), 0.75) * nightKey * 1.5;
    vec3 zenithFill = mix(hueOf(fogColor), vec3(0.6, 0.75, 1.0), 0.3) * 0.32;
    // wrapped diffuse: the light rolls softly round the forms instead of cutting them in two
    float diffuse = max((dot(normal, light) + 0.4) / 1.4, 0.0);
    diffuse *= diffuse;
    float facing = max(dot(normal, viewDir), 0.0);
    float edge = 1.0 - facing;
    float rim = edge * edge * edge;
    // seen against the light, thin edges glow with it (forward scattering through moss and crumbling rock)
    float against = max(dot(-viewDir, light), 0.0);
    float backlit = against * against * against * edge * edge;

    // the ground's noises: erosion streaks along the fall line, finer grain, broad patches
    float streakNoise = snoise3(vLocal * vec3(5.0, 0.9, 5.0) + uSeed + island * 13.0);
    float fine = snoise3(vLocal * 11.0 + 3.1 + island * 7.0);
    float top = smoothstep(-0.03, 0.05, vShape + 0.03 * streakNoise) * smoothstep(0.2, 0.6, normal.y + 0.15 * fine);

    // rock in strata: pale bands that take the sky light into the stone, dark bands of the rock colour, warped
    // by the streaks so no two ledges run parallel; each island leans its own way between the two
    float bands = vLocal.y * (4.0 + 2.0 * island) + streakNoise * 0.35 + fine * 0.15;
    float strata = smoothstep(-0.6, 0.8, sin(bands * 3.14159)) * smoothstep(-0.6, 0.4, vStrataNoise);
    vec3 paleStone = mix(rockColor, skyColor, 0.1 + 0.12 * island) * 2.4 + 0.012;
    vec3 darkStone = rockColor * (1.0 + 0.4 * island);
    vec3 rock = mix(darkStone, paleStone, strata * (0.55 + 0.3 * fine));
    // gullies darker, ledges lighter; the upper rock sits in the plateau's shadow
    float gully = smoothstep(-0.5, 0.6, streakNoise);
    float underLip = smoothstep(-0.02, -0.3, vShape);
    rock *= (0.6 + 0.5 * gully) * mix(0.55, 1.0, underLip);

    // moss: the lawn on top, spilling over the lip, and tufts on ledges that face up
    vec3 grass = topColor * (0.75 + 0.35 * streakNoise + 0.15 * fine) * (0.85 + 0.3 * island);
    float overhang = smoothstep(-0.14, -0.02, vShape + 0.06 * streakNoise) * (1.0 - top);
    float ledgeMoss = smoothstep(0.55, 0.85, normal.y) * smoothstep(0.2, 0.7, fine + streakNoise * 0.5) * (1.0 - top) * underLip;
    vec3 base = mix(rock, grass * 0.8, clamp(overhang + ledgeMoss * 0.8, 0.0, 1.0));
    base = mix(base, grass, top);

    // below: the crystal's glow, strongest toward the tip, and the lake's dusk
    float lower = smoothstep(-0.25, -0.85, vShape);
    float tip = smoothstep(-0.72, -1.0, vShape);
    // the dome of the sky round the island: the zenith's cool overhead, the horizon's warmer band all round (so a
    // face turned from the key light is still lit by the sky's colours), the lake's dusk and the crystal below
    vec3 horizonFill = mix(hueOf(fogColor), hueOf(skyColor), 0.5) * 0.4;
    vec3 lakeFill = hueOf(fogColor) * 0.18 + glowColor * glow * (0.08 + 0.4 * lower);
    vec3 fill = normal.y > 0.0 ? mix(horizonFill, zenithFill, normal.y) : mix(horizonFill, lakeFill, -normal.y);
    vec3 color = base * (fill * 0.9 + keyColor * diffuse * 1.1);
    // the silhouettes catch the sky, brightest on the light's side; edges against the light glow with it
    color += mix(zenithFill, skyColor, 0.35 + 0.65 * diffuse) * rim * rimLight * (0.35 + 0.45 * smoothstep(-0.3, 0.2, normal.y));
    color += keyColor * backlit * rimLight * (0.3 + 0.6 * top);
    color += grass * (top * (1.0 - top) * 1.6 + overhang * 0.2) * rimLight * 0.35 * (0.4 + diffuse);

    // the eroded underside glows from within: light leaking out of the gullies (broad, never thinner than the
    // noise that shapes it, so it cannot break into specks), and the glowing tip they run to
    float leak = smoothstep(0.15, 0.75, -streakNoise) * (0.6 + 0.4 * fine);
    color += glowColor * glow * (leak * lower * 0.3 + tip * 2.2 + lower * lower * 0.14);
    color = mix(color, fogColor, fog);
    gl_FragColor = dreamOutput(color, 1.0);
  }
#endif
}
