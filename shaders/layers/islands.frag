// islands: faceted rock under moss tops, moonlit from the side, rimmed with sky light, a glowing crystal
// tip underneath, sinking into the same kind of distance fog as the terrain.
#include ../lib/noise/snoise3.glsl;
varying vec3 vWorld;
varying float vShape;

void main() {
  // facet normals from screen-space derivatives: a deliberate low-poly look, and no normal attribute needed
  vec3 normal = normalize(cross(dFdx(vWorld), dFdy(vWorld)));
  vec3 viewDir = normalize(cameraPosition - vWorld);
  if (dot(normal, viewDir) < 0.0) normal = -normal;
  float az = radians(lightAzimuth);
  vec3 light = normalize(vec3(cos(az), 0.6, sin(az)));
  float diffuse = max(dot(normal, light), 0.0);
  float rim = pow(1.0 - max(dot(normal, viewDir), 0.0), 3.0);

  float grass = smoothstep(-0.02, 0.06, vShape) * smoothstep(0.3, 0.7, normal.y);
  // rock strata: bands that catch the light differently
  float strata = 0.85 + 0.15 * sin(vWorld.y * 9.0 + snoise3(vWorld * 0.7) * 2.0);
  vec3 base = mix(rockColor * strata, topColor, grass);
  // moonlight from the side, sky light from above (the mossy tops catch it), rim light at the silhouettes
  vec3 color = base * (0.18 + 1.1 * diffuse) + base * skyColor * 0.6 * max(normal.y, 0.0) + skyColor * rim * rimLight;
  // the glowing crystal tip, and a faint glow running down the rock toward it
  float tip = smoothstep(-0.7, -1.0, vShape);
  color += glowColor * glow * (tip * 2.5 + smoothstep(-0.2, -1.0, vShape) * 0.15);

  float dist = length(vWorld - cameraPosition);
  float fog = 1.0 - exp(-pow(dist * fogDensity, 1.5));
  color = mix(color, fogColor, fog);
  gl_FragColor = dreamOutput(color, 1.0);
}
