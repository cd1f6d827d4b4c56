/**
 * Uniforms every layer shares. One object per uniform, referenced by every material and effect, so the
 * frame loop writes each of them once per frame whatever the number of layers. Names, types and GLSL come
 * from HOST_UNIFORM_TABLE (src/core/reserved.ts); this file gives each its value.
 */
import { Matrix4, Uniform, Vector2 } from 'three'
import { HOST_UNIFORM_TABLE, hostUniformGlsl } from '../core/reserved'

type Shared = keyof (typeof HOST_UNIFORM_TABLE)['shared'] | keyof (typeof HOST_UNIFORM_TABLE)['camera']

const INITIAL = {
  uTime: () => new Uniform(0),
  uResolution: () => new Uniform(new Vector2(1, 1)),
  uSeed: () => new Uniform(0),
  uCrash: () => new Uniform(1),
  uNight: () => new Uniform(0.5),
  uCameraWorld: () => new Uniform(new Matrix4()),
  uInverseProjection: () => new Uniform(new Matrix4()),
} satisfies Record<Shared, () => Uniform>

export type HostUniforms = { [K in Shared]: ReturnType<(typeof INITIAL)[K]> }

export function createHostUniforms(): HostUniforms {
  return Object.fromEntries(Object.entries(INITIAL).map(([name, create]) => [name, create()])) as HostUniforms
}

/** The names every layer shader sees, in declaration order (effects get exactly these). */
export const SHARED_HOST_UNIFORMS = Object.keys(HOST_UNIFORM_TABLE.shared) as (keyof (typeof HOST_UNIFORM_TABLE)['shared'])[]

/** GLSL for the shared uniforms (the camera ones only matter to the backdrop vertex shader: CAMERA_GLSL). */
export const HOST_GLSL = `\n${hostUniformGlsl('shared')}\n`
export const CAMERA_GLSL = hostUniformGlsl('camera')
export const OUTPUT_UNIFORMS_GLSL = hostUniformGlsl('output')
