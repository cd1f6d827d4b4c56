// islands: each instance is a unit sphere reshaped into a floating island (a soft grassy plateau over a
// fluted, terraced cone of eroded rock), displaced by seeded noise, turning and bobbing slowly. The normal
// is the shape's own (finite differences of the displacement), so the shading is smooth, never faceted. Shapes
// and normals are baked (islands-bake.frag, when the settings change): here a vertex reads its own. The rock is
// drawn at the level of detail its size on screen needs; the strands (ISLAND_STRANDS, a program of their own so
// neither pays for the other's code) are glowing roots and light-falls that hang from the underside, always
// turned toward the camera.
attribute float bakeVertex; // per vertex: its column in its island's rows of the bake
attribute float island;     // per instance: which island (its rows of the bake)
attribute vec4 seedling;    // per instance: xyz noise offset, w personal phase
#ifdef ISLAND_STRANDS
attribute vec4 strand;      // per vertex: angle, along (0 root .. 1 tip), side (-1, 1), 1 + random
#endif
uniform sampler2D uIslandBake; // every vertex of every island shaped (islands-bake.frag): (position, strata), then normals
uniform float uBakeRows;       // rows per island in it
varying vec3 vWorld;
varying vec3 vLocal;       // the rock's own coordinates: textures stay put as the island turns
varying vec3 vNormal;
varying float vShape;      // > 0 on the top, < 0 down the rock, -1 at the tip
varying vec3 vStrand;      // along, side, random (the rock: 0, 0, its island's random)
varying float vStrataNoise; // broad patches where the rock's strata show (a low frequency: per vertex)

void main() {
  int bakeWidth = textureSize(uIslandBake, 0).x;
  int vertex = int(bakeVertex);
  ivec2 baked = ivec2(vertex % bakeWidth, vertex / bakeWidth + int(island) * int(uBakeRows));
  vec4 shaped = texelFetch(uIslandBake, baked, 0);
  float turn = uTime * drift * 0.05 * (seedling.w > 0.5 ? 1.0 : -1.0) + seedling.w * 6.28;
  mat2 spin = mat2(cos(turn), -sin(turn), sin(turn), cos(turn));
  mat4 place = modelMatrix;
#ifdef USE_INSTANCING
  place = modelMatrix * instanceMatrix;
#endif
  float bobbing = sin(uTime * drift * 0.3 + seedling.w * 17.0) * bob;

#ifndef ISLAND_STRANDS
  vec3 s = position;
  vec3 q = shaped.xyz;
  vec3 normal = texelFetch(uIslandBake, baked + ivec2(0, textureSize(uIslandBake, 0).y / 2), 0).xyz;
  vShape = s.y;
  vLocal = q;
  q.xz = spin * q.xz;
  normal.xz = spin * normal.xz;
  vec4 world = place * vec4(q, 1.0);
  world.y += bobbing;
  vNormal = normalize(mat3(place) * normal);
  vWorld = world.xyz;
  vStrand = vec3(0.0, 0.0, seedling.w); // the rock carries its island's random for its own shading
  vStrataNoise = shaped.w;
  gl_Position = projectionMatrix * viewMatrix * world;
#else
  // a strand: anchored a little inside the underside, hanging straight down in world space, swaying
  float random = strand.w - 1.0;
  float along = strand.y;
  vec3 anchor = shaped.xyz;
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
#endif
}
