// water: a flat sheet at the water level; all the motion lives in the fragment shader's normals.
varying vec3 vWorld;
void main() {
  vec4 world = modelMatrix * vec4(position.x, level, position.z, 1.0);
  vWorld = world.xyz;
  gl_Position = projectionMatrix * viewMatrix * world;
}
