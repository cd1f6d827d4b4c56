/**
 * Uniforms every layer shares. One object per uniform, referenced by every material and effect, so the
 * frame loop writes each of them once per frame whatever the number of layers.
 */
import { Matrix4, Uniform, Vector2 } from 'three'
import { HOST_UNIFORMS } from '../core/reserved'

export interface HostUniforms {
  uTime: Uniform<number>
  uResolution: Uniform<Vector2>
  uSeed: Uniform<number>
  uCrash: Uniform<number>
  uNight: Uniform<number>
  uCameraWorld: Uniform<Matrix4>
  uInverseProjection: Uniform<Matrix4>
}

export function createHostUniforms(): HostUniforms {
  return {
    uTime: new Uniform(0),
    uResolution: new Uniform(new Vector2(1, 1)),
    uSeed: new Uniform(0),
    uCrash: new Uniform(1),
    uNight: new Uniform(0.5),
    uCameraWorld: new Uniform(new Matrix4()),
    uInverseProjection: new Uniform(new Matrix4()),
  }
}

/** GLSL for the shared uniforms (the camera ones only matter to the backdrop vertex shader). */
export const HOST_GLSL = `
uniform float uTime;       // dream seconds: the document clock, scaled by scene speed
uniform vec2 uResolution;  // drawing-buffer size in pixels
uniform float uSeed;       // the document seed as a noise offset
uniform float uCrash;      // SleepSync crash envelope in [0, 1]; 1 when no crash is scheduled
uniform float uNight;      // the night: 0 bedtime, 0.5 deep night, 1 dawn
`
// Keep the reserved list honest: every host uniform above must be reserved for parameters.
for (const name of ['uTime', 'uResolution', 'uSeed', 'uCrash', 'uNight', 'uOpacity', 'uCameraWorld', 'uInverseProjection'])
  if (!(HOST_UNIFORMS as readonly string[]).includes(name)) throw new Error(`host uniform ${name} is not reserved`)
