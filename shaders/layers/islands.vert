// islands: each instance is a unit sphere reshaped into a floating island (a soft grassy plateau over a
// fluted, terraced cone of eroded rock), displaced by seeded noise, turning and bobbing slowly. The normal
// is the shape's own (finite differences of the displacement), so the shading is smooth, never faceted.
// The same geometry carries a few strands per island (strand.w > 0): glowing roots and light-falls that
// hang from the underside, always turned toward the camera.
#include ../lib/noise/snoise3.glsl;
attribute vec4 seedling;   // per instance: xyz noise offset, w personal phase
attribute vec4 strand;     // per vertex: angle, along (0 root .. 1 tip), side (-1, 1), kind (0 rock, 1 + random)
varying vec3 vWorld;
varying vec3 vLocal;       // the rock's own coordinates: textures stay put as the island turns
varying vec3 vNormal;
varying float vShape;      // > 0 on the top, < 0 down the rock, -1 at the tip
varying vec3 vStrand;      // along, side, random (the rock: 0, 0, its island's random)
varying float vKind;       // 0 rock, 1 strand
varying float vStrataNoise; // broad patches where the rock's strata show (a low frequency: per vertex)

// The island's shape: a point of the unit sphere to a point of the island (before turning).
vec3 islandShape(vec3 s, vec3 key) {
  float n = snoise3(s * 1.6 + key);
  // a ragged outline: the rim wanders in and out around the island
  float outline = 1.0 + n * 0.32;
  if (s.y >= 0.0) {
    // a soft plateau: a rounded lip at the rim, gentle hills and a knoll on top
    float knoll = snoise3(s * 2.4 + key * 0.3);
    float lift = 1.0 - pow(1.0 - s.y, 3.0);
    return vec3(s.x * outline, lift * (0.15 + 0.06 * knoll) + n * 0.02, s.z * outline);
  }
  float down = -s.y;
  // eroded flutes: noise stretched along the fall line carves vertical gullies, deeper toward the tip
  float flute = snoise3(vec3(s.x * 6.5, down * 1.3, s.z * 6.5) + key * 1.7);
  // terraces: ledges of harder strata that the erosion left standing
  float band = down * 4.5 + n * 1.3;
  float ledge = smoothstep(0.0, 0.2, fract(band)) * (1.0 - smoothstep(0.75, 1.0, fract(band)));
  // a full, rounded body that tapers late into its tip (an upturned mountain, not a cone under a cap)
  vec2 across = s.xz / max(length(s.xz), 1e-4);
  float profile = pow(max(1.0 - pow(down, 1.4), 0.0), 0.8);
  float narrowing = profile * outline * (1.0 + roughness * (0.2 * flute * down * down + 0.06 * ledge));
  float lean = (seedling.x - 0.5) * 0.8 * down * down;
  float drop = pow(down, 0.9) * depthRatio * (0.7 + 0.6 * seedling.w) * (1.0 + n * 0.3 + flute * 0.12 * roughness);
  return vec3(across.x * narrowing + lean, -drop, across.y * narrowing + lean * 0.5);
}

void main() {
  vec3 key = seedling.xyz * 40.0 + uSeed;
  float turn = uTime * drift * 0.05 * (seedling.w > 0.5 ? 1.0 : -1.0) + seedling.w * 6.28;
  mat2 spin = mat2(cos(turn), -sin(turn), sin(turn), cos(turn));
  mat4 place = modelMatrix;
#ifdef USE_INSTANCING
  place = modelMatrix * instanceMatrix;
#endif
  float bobbing = sin(uTime * drift * 0.3 + seedling.w * 17.0) * bob;
  vKind = step(0.5, strand.w);

  if (strand.w < 0.5) {
    vec3 s = position;
    vec3 q = islandShape(s, key);
    // smooth normal: the shape's tangents from two nearby points of the sphere
    vec3 axis = abs(s.y) > 0.99 ? vec3(1.0, 0.0, 0.0) : vec3(0.0, 1.0, 0.0);
    vec3 t1 = normalize(cross(axis, s));
    vec3 t2 = cross(s, t1);
    vec3 qa = islandShape(normalize(s + t1 * 0.03), key) - q;
    vec3 qb = islandShape(normalize(s + t2 * 0.03), key) - q;
    vec3 normal = normalize(cross(qa, qb));
    if (dot(normal, s) < 0.0) normal = -normal;
    vShape = s.y;
    vLocal = q;
    q.xz = spin * q.xz;
    normal.xz = spin * normal.xz;
    vec4 world = place * vec4(q, 1.0);
    world.y += bobbing;
    vNormal = normalize(mat3(place) * normal);
    vWorld = world.xyz;
    vStrand = vec3(0.0, 0.0, seedling.w); // the rock carries its island's random for its own shading
    vStrataNoise = snoise3(vLocal * 1.7 + seedling.w * 5.0);
    gl_Position = projectionMatrix * viewMatrix * world;
    return;
  }

  // a strand: anchored a little inside the underside, hanging straight down in world space, swaying
  float random = strand.w - 1.0;
  float along = strand.y;
  float anchorDown = 0.2 + 0.45 * fract(random * 7.3);
  vec3 s = vec3(cos(strand.x) * sqrt(1.0 - anchorDown * anchorDown), -anchorDown, sin(strand.x) * sqrt(1.0 - anchorDown * anchorDown));
  vec3 anchor = islandShape(s, key) * vec3(0.85, 1.0, 0.85);
  anchor.xz = spin * anchor.xz;
  vec4 world = place * vec4(anchor, 1.0);
  world.y += bobbing;
  float scale = length(place[0].xyz);
  float lightFall = step(0.78, random);
  float hang = roots * scale * (lightFall > 0.5 ? 2.6 : 0.8 + 1.2 * random);
  float sway = sin(uTime * 0.5 + random * 40.0) * 0.12 * along * along * scale;
  world.xyz += vec3(sway, -along * hang, sway * 0.6);
  vec3 toCamera = normalize(cameraPosition - world.xyz);
  vec3 across = normalize(cross(vec3(0.0, 1.0, 0.0), toCamera));
  float width = scale * (lightFall > 0.5 ? 0.26 : 0.06) * mix(1.0, 0.35, along);
  world.xyz += across * strand.z * width;
  vShape = -1.0;
  vLocal = anchor;
  vNormal = toCamera;
  vWorld = world.xyz;
  vStrand = vec3(along, strand.z, random);
  vStrataNoise = 0.0;
  gl_Position = projectionMatrix * viewMatrix * world;
}
