// islands-bake: every vertex of every island, shaped (islands-shape.glsl), into a float texture the vertex shader
// reads by vertex and instance. The upper half holds (position, strata noise) per vertex, the lower half its
// normal: rows of ISLAND_BAKE_WIDTH vertices, `rows` rows per island, islands one after another.
#include ../lib/noise/snoise3.glsl;
uniform sampler2D tVertices;   // per vertex, same rows: the rock's sphere point (w 0) or a strand's (angle, random, 0, 1)
uniform sampler2D tSeedlings;  // per island: xyz noise offset, w personal phase
uniform float roughness;
uniform float depthRatio;
uniform float uSeed;
uniform float rows;            // rows per island
uniform float islands;
vec4 seedling;                 // the island being baked (islandShape reads it as the vertex shader once did)
#include islands-shape.glsl;

void main() {
  ivec2 texel = ivec2(gl_FragCoord.xy);
  int perHalf = int(rows * islands);
  bool normalHalf = texel.y >= perHalf;
  int row = normalHalf ? texel.y - perHalf : texel.y;
  int island = row / int(rows);
  vec4 v = texelFetch(tVertices, ivec2(texel.x, row - island * int(rows)), 0);
  seedling = texelFetch(tSeedlings, ivec2(island, 0), 0);
  vec3 key = seedling.xyz * 40.0 + uSeed;
  if (v.w > 0.5) {
    // a strand's anchor: a little inside the underside, where it hangs from
    float random = v.y - 1.0;
    float anchorDown = 0.2 + 0.45 * fract(random * 7.3);
    float across = sqrt(1.0 - anchorDown * anchorDown);
    vec3 s = vec3(cos(v.x) * across, -anchorDown, sin(v.x) * across);
    gl_FragColor = normalHalf ? vec4(0.0) : vec4(islandShape(s, key) * vec3(0.85, 1.0, 0.85), 0.0);
    return;
  }
  vec3 s = v.xyz;
  vec3 q = islandShape(s, key);
  if (!normalHalf) {
    gl_FragColor = vec4(q, snoise3(q * 1.7 + seedling.w * 5.0));
    return;
  }
  // smooth normal: the shape's tangents from two nearby points of the sphere
  vec3 axis = abs(s.y) > 0.99 ? vec3(1.0, 0.0, 0.0) : vec3(0.0, 1.0, 0.0);
  vec3 t1 = normalize(cross(axis, s));
  vec3 t2 = cross(s, t1);
  vec3 qa = islandShape(normalize(s + t1 * 0.03), key) - q;
  vec3 qb = islandShape(normalize(s + t2 * 0.03), key) - q;
  vec3 normal = normalize(cross(qa, qb));
  gl_FragColor = vec4(dot(normal, s) < 0.0 ? -normal : normal, 0.0);
}
