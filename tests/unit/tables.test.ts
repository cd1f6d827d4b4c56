/**
 * Per-kind, per-blend-mode and host-uniform facts live in one table each, keyed so that a missing row fails to
 * compile. These tests pin the tables' keys and show (with @ts-expect-error, checked by tsc in npm test) that an
 * incomplete table is a type error.
 */
import { describe, expect, expectTypeOf, test } from 'vitest'
import { BLEND_MODES, type BlendMode } from '../../src/core/blend'
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

  test('blend modes: one list, a scene row per mode; the fused pass blends every mode with one expression of its row', () => {
    expectTypeOf<keyof typeof BLENDING>().toEqualTypeOf<BlendMode>()
    expect(Object.keys(BLENDING)).toEqual([...BLEND_MODES])
    // The fused pass reads a mode's weights from a uniform: no branch on the mode (a software renderer runs them all).
    const shader = fusedFragmentShader([registry.get('sky')!, registry.get('stars')!])
    expect(shader).toContain('uniform vec3 d1_blend;')
    expect(shader).not.toMatch(/mode ==/)
    // The weights give each mode's own blend of premultiplied colour (what the GPU blend unit does with its factors).
    const direct: Record<BlendMode, (c: number, rgb: number, a: number) => number> = {
      normal: (c, rgb, a) => rgb + c * (1 - a),
      add: (c, rgb) => c + rgb,
      screen: (c, rgb) => c + rgb * (1 - c),
      multiply: (c, rgb, a) => c * (1 - a + rgb),
    }
    for (const mode of BLEND_MODES) {
      const [wa, wr, wc] = BLENDING[mode].registers
      for (const [c, rgb, a] of [[0.2, 0.5, 0.7], [1.3, 0.1, 0.25], [0, 0.9, 1], [0.6, 0, 0]] as const)
        expect(c * (1 - a * wa + rgb * wr) + rgb * wc, `${mode} (${c}, ${rgb}, ${a})`).toBeCloseTo(direct[mode](c, rgb, a), 12)
    }
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
