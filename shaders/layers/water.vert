// water: a flat sheet at the water level; all the motion lives in the fragment shader's normals. What depends
// only on uniforms (the waves' directions, wave numbers and phases, the moon's and the glow's directions) is
// worked out here, once per corner, instead of once per pixel, and passed flat: the same at every corner, so
// nothing to interpolate (a software renderer interpolates every smooth varying at every pixel).
uniform mat4 uMirrorMatrix;  // world -> planar reflection texture (src/scene/reflection.ts)
varying vec3 vWorld;
varying vec4 vMirror;
#define WATER_WAVES 7
flat varying vec4 vWave[WATER_WAVES];  // per wave: wave vector (direction * frequency), phase now, frequency
flat varying vec4 vMoon;               // xyz: direction to the moon, w: dawn
flat varying vec2 vGlowDir;            // the horizon glow's direction on the ground plane
void main() {
  vec4 world = modelMatrix * vec4(position.x, level, position.z, 1.0);
  vWorld = world.xyz;
  vMirror = uMirrorMatrix * world;
  float t = uTime * speed;
  float frequency = 0.9 / waveScale;
  for (int i = 0; i < WATER_WAVES; i++) {
    float angle = float(i) * 2.39996 + uSeed;          // golden-angle spread of directions
    vWave[i] = vec4(vec2(cos(angle), sin(angle)) * frequency, t * sqrt(frequency) * 1.6 + float(i) * 1.7, frequency);
    frequency *= 1.73;
  }
  float mAz = radians(moonAzimuth);
  float mEl = radians(moonElevation);
  vMoon = vec4(cos(mEl) * cos(mAz), sin(mEl), cos(mEl) * sin(mAz), followNight ? smoothstep(0.55, 1.0, uNight) : 0.0);
  vGlowDir = vec2(cos(radians(glowAzimuth)), sin(radians(glowAzimuth)));
  gl_Position = projectionMatrix * viewMatrix * world;
}
