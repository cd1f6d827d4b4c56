// terrain: the CPU builds the heightfield once per seed (unit height, with its slope); the GPU scales it.
attribute vec2 slope;
varying vec3 vWorld;
varying vec3 vNormal;
varying float vHeight;
void main() {
  vec3 p = position;
  vHeight = p.y;
  p.y *= height;
  // a heightfield's normal is (-dh/dx, 1, -dh/dz): scaling h scales the slope, so it stays exact
  vNormal = normalize(vec3(-slope.x * height, 1.0, -slope.y * height));
  vec4 world = modelMatrix * vec4(p, 1.0);
  vWorld = world.xyz;
  gl_Position = projectionMatrix * viewMatrix * world;
}
