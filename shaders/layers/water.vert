// water: a flat sheet at the water level; all the motion lives in the fragment shader's normals.
uniform mat4 uMirrorMatrix;  // world -> planar reflection texture (src/scene/reflection.ts)
varying vec3 vWorld;
varying vec4 vMirror;
void main() {
  vec4 world = modelMatrix * vec4(position.x, level, position.z, 1.0);
  vWorld = world.xyz;
  vMirror = uMirrorMatrix * world;
  gl_Position = projectionMatrix * viewMatrix * world;
}
