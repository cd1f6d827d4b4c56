// terrain: dusky hills lit by a low moon, rimmed with sky light, traced by glowing contour lines, sinking into fog.
#include ../lib/noise/snoise2.glsl;
varying vec3 vWorld;
varying vec3 vNormal;
varying float vHeight;

void main() {
  vec3 n = normalize(vNormal);
  vec3 light = normalize(vec3(-0.4, 0.55, -0.75));
  float diffuse = max(dot(n, light), 0.0);
  vec3 viewDir = normalize(cameraPosition - vWorld);
  float rim = pow(1.0 - max(dot(n, viewDir), 0.0), 3.0);

  vec3 base = mix(lowColor, highColor, smoothstep(0.0, 1.0, vHeight));
  vec3 color = base * (0.25 + 0.9 * diffuse) + glowColor * rim * rimLight;

  // contour lines of equal height, antialiased by their screen-space width, breathing slowly
  float level = vHeight * height * contours;
  float line = abs(fract(level - uTime * 0.05) - 0.5) / max(fwidth(level), 1e-4);
  float lines = (1.0 - clamp(line - 0.5, 0.0, 1.0)) * contourGlow;
  color += glowColor * lines * (0.6 + 0.4 * snoise2(vWorld.xz * 0.05 + uSeed));

  float dist = length(vWorld - cameraPosition);
  float fog = 1.0 - exp(-pow(dist * fogDensity, 1.6));
  color = mix(color, fogColor, fog);
  gl_FragColor = dreamOutput(color, 1.0);
}
