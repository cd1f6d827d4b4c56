// rain: each drop is a line segment from where it is to where it was a moment ago (its motion streak).
// Drops fall through a box in front of the camera and wrap at the bottom; all motion is computed here.
attribute vec4 seedling;   // x, z: place in the box; y: phase in the fall; w: personal speed and tint
attribute float tail;      // 0 at the head of the streak, 1 at its end
varying float vTail;
varying float vFade;
varying float vTint;

vec3 dropAt(float t) {
  float span = 14.0;
  float fallSpeed = speed * (0.75 + 0.5 * seedling.w);
  float fallen = t * fallSpeed + seedling.y * span;
  float y = altitude + span - mod(fallen, span);
  // dust sways on the air; rain falls straight, leaning with the wind
  float sway = swirl * sin(t * 0.7 + seedling.w * 40.0) * 0.6;
  vec3 home = vec3((seedling.x - 0.5) * spread, 0.0, -1.5 - seedling.z * spread * 0.9);
  return home + vec3(wind * (mod(fallen, span) - span * 0.5) * 0.3 + sway, y, sway * 0.5);
}

void main() {
  float t = uTime;
  vec3 head = dropAt(t);
  // the streak: where this drop was `streak` seconds ago, cut so a wrap never draws across the box
  vec3 before = dropAt(t - streak);
  vec3 p = tail > 0.5 ? (before.y > head.y ? before : head + vec3(0.0, 0.01, 0.0)) : head;
  vec4 view = viewMatrix * modelMatrix * vec4(p, 1.0);
  gl_Position = projectionMatrix * view;
  vTail = tail;
  float span = 14.0;
  float heightInBox = (head.y - altitude) / span;
  // fade in at the top of the box, out at the bottom, and with distance
  vFade = smoothstep(0.0, 0.12, heightInBox) * smoothstep(1.0, 0.8, heightInBox) / (1.0 + (-view.z) * 0.04);
  vTint = fract(seedling.w * 13.7);
}
