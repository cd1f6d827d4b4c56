/**
 * Names a layer parameter may not take. Parameters become GLSL uniforms under their own name, so a name
 * that collides with a host uniform (ours, three.js's or postprocessing's) or with a GLSL keyword or
 * builtin breaks the compiled shader, and in a merged effect pass it breaks every effect in the pass.
 */

/**
 * Our host uniforms: the one list of their names, GLSL types and meanings. Shaders never declare them by hand;
 * src/scene/hostUniforms.ts builds their values (a row per name, so a new one fails to compile until it has one)
 * and the GLSL declarations from this table.
 */
export const HOST_UNIFORM_TABLE = {
  /** Every layer shader sees these. */
  shared: {
    uTime: { glsl: 'float', note: 'dream seconds: the document clock, scaled by scene speed' },
    uResolution: { glsl: 'vec2', note: 'drawing-buffer size in pixels' },
    uSeed: { glsl: 'float', note: 'the document seed as a noise offset' },
    uCrash: { glsl: 'float', note: 'SleepSync crash envelope in [0, 1]; 1 when no crash is scheduled' },
    uNight: { glsl: 'float', note: 'the night: 0 bedtime, 0.5 deep night, 1 dawn' },
  },
  /** The backdrop vertex shader's view ray. */
  camera: {
    uCameraWorld: { glsl: 'mat4', note: 'camera to world' },
    uInverseProjection: { glsl: 'mat4', note: 'clip to camera space' },
  },
  /** Per material: the layer's opacity and whether it outputs a multiply factor (see src/scene/blending.ts). */
  output: {
    uOpacity: { glsl: 'float', note: 'layer opacity' },
    uMultiply: { glsl: 'bool', note: 'multiply blend: output mix(1, colour, a)' },
  },
} as const

export type HostUniformGroup = keyof typeof HOST_UNIFORM_TABLE
/** `uniform <type> <name>; // <note>` for one group. */
export const hostUniformGlsl = (group: HostUniformGroup) =>
  Object.entries(HOST_UNIFORM_TABLE[group])
    .map(([name, { glsl, note }]) => `uniform ${glsl} ${name}; // ${note}`)
    .join('\n')

export const HOST_UNIFORMS = [
  // ours (the table above)
  ...Object.values(HOST_UNIFORM_TABLE).flatMap((group) => Object.keys(group)),
  // three.js ShaderMaterial built-ins
  'modelMatrix', 'modelViewMatrix', 'projectionMatrix', 'viewMatrix', 'normalMatrix', 'cameraPosition',
  'isOrthographic', 'position', 'normal', 'uv', 'color', 'instanceMatrix', 'instanceColor',
  // postprocessing effect host names
  'time', 'resolution', 'aspect', 'texelSize', 'inputBuffer', 'depthBuffer', 'cameraNear', 'cameraFar',
  'inputColor', 'outputColor', 'mainImage', 'mainUv', 'depth',
] as const

const GLSL_WORDS = `attribute const uniform varying layout centroid flat smooth break continue do for while switch case default
if else in out inout float int uint void bool true false invariant discard return mat2 mat3 mat4 vec2 vec3 vec4 ivec2
ivec3 ivec4 bvec2 bvec3 bvec4 uvec2 uvec3 uvec4 sampler2D sampler3D samplerCube struct precision highp mediump lowp
radians degrees sin cos tan asin acos atan pow exp log exp2 log2 sqrt inversesqrt abs sign floor ceil fract mod min
max clamp mix step smoothstep length distance dot cross normalize reflect refract texture texture2D round trunc
sinh cosh tanh modf isnan isinf dFdx dFdy fwidth transpose determinant inverse main gl_FragColor gl_Position
gl_FragCoord input output filter sample active common partition class union enum typedef template this goto inline
noinline volatile public static extern external interface long short double half fixed unsigned superp namespace
using sizeof cast`.split(/\s+/)

// Keys the preset loader drops from every object (prototype pollution guards) or that shadow Object methods.
const OBJECT_WORDS = ['constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString']

export const RESERVED_PARAM_NAMES: ReadonlySet<string> = new Set([...HOST_UNIFORMS, ...GLSL_WORDS, ...OBJECT_WORDS])

/** Parameter names are plain camelCase identifiers: safe as GLSL names, JSON keys and Leva keys. */
export const PARAM_NAME = /^[a-z][a-zA-Z0-9]{0,31}$/
