/**
 * Per-kind, per-blend-mode and host-uniform facts live in one table each, keyed so that a missing row fails to
 * compile. These tests pin the tables' keys and show (with @ts-expect-error, checked by tsc in npm test) that an
 * incomplete table is a type error.
 */
import { describe, expect, expectTypeOf, test } from 'vitest'
import { BLEND_CODE, BLEND_GLSL, BLEND_MODES, type BlendMode } from '../../src/core/blend'
import { PARAM_KINDS, type ParamKind, type ParamKindBehaviour } from '../../src/core/params'
import { HOST_UNIFORM_TABLE, RESERVED_PARAM_NAMES } from '../../src/core/reserved'
import { BLENDING } from '../../src/scene/blending'
import { fusedFragmentShader } from '../../src/scene/backdropStack'
import { createHostUniforms, HOST_GLSL } from '../../src/scene/hostUniforms'
import { registry } from '../../src/layers'

describe('one table per fact', () => {
  test('every parameter kind has a row; a table without one does not compile', () => {
    expectTypeOf<keyof typeof PARAM_KINDS>().toEqualTypeOf<ParamKind>()
    const { vec3: _left, ...withoutVec3 } = PARAM_KINDS
    // @ts-expect-error the vec3 row is missing
    const incomplete: { readonly [K in ParamKind]: ParamKindBehaviour<K> } = withoutVec3
    expect(Object.keys(incomplete)).not.toContain('vec3')
    expect(Object.keys(PARAM_KINDS).sort()).toEqual(['bool', 'color', 'float', 'int', 'select', 'vec2', 'vec3'])
  })

  test('blend modes: one list, codes and GLSL constants generated from it, a scene row per mode', () => {
    expectTypeOf<keyof typeof BLENDING>().toEqualTypeOf<BlendMode>()
    expect(Object.keys(BLENDING)).toEqual([...BLEND_MODES])
    expect(BLEND_CODE).toEqual({ normal: 0, add: 1, screen: 2, multiply: 3 })
    expect(BLEND_GLSL).toContain('#define BLEND_MULTIPLY 3')
    // The fused pass compares against the generated constants, never against bare numbers.
    const shader = fusedFragmentShader([registry.get('sky')!, registry.get('stars')!])
    expect(shader).toContain(BLEND_GLSL)
    expect(shader).not.toMatch(/mode == \d/)
    for (const mode of BLEND_MODES) if (mode !== 'normal') expect(shader).toContain(`mode == BLEND_${mode.toUpperCase()}`)
  })

  test('host uniforms: every one reserved, the shared ones declared once for every shader and given a value', () => {
    const host = createHostUniforms()
    for (const group of Object.values(HOST_UNIFORM_TABLE))
      for (const name of Object.keys(group)) expect(RESERVED_PARAM_NAMES.has(name), name).toBe(true)
    for (const [name, { glsl }] of Object.entries({ ...HOST_UNIFORM_TABLE.shared, ...HOST_UNIFORM_TABLE.camera })) {
      expect(host).toHaveProperty(name)
      if (name in HOST_UNIFORM_TABLE.shared) expect(HOST_GLSL).toContain(`uniform ${glsl} ${name};`)
    }
  })
})
