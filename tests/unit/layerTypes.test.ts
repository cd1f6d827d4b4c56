/**
 * A layer declaration is typed end to end: values are typed from `params` in applyParams, in object components
 * and in cost; each kind must bring its own fields. The @ts-expect-error lines are the tests that a wrong type
 * does not compile (tsc runs over the tests in `npm test`: an expected error that stops happening fails it).
 */
import { BloomEffect } from 'postprocessing'
import { describe, expect, expectTypeOf, test } from 'vitest'
import { defineLayer, type ObjectLayerProps } from '../../src/core/defineLayer'
import { p, type ParamValues } from '../../src/core/params'
import { bloom } from '../../src/layers/bloom'
import { dreamBlur } from '../../src/layers/dream-blur'

const params = {
  strength: p.float(1, { min: 0, max: 2 }),
  count: p.int(3, { min: 1, max: 9 }),
  mode: p.select('soft', ['soft', 'hard']),
  on: p.bool(true),
  tint: p.color('#ffffff'),
  offset: p.vec2([0, 0], { min: -1, max: 1 }),
}
type Values = ParamValues<typeof params>
const base = { label: 'Typed', description: 'A layer declared in a type test.', params }
/** Declarations that must not compile are written inside a function that never runs. */
const compileOnly = (_declare: () => void) => undefined

describe('layer declarations, typed end to end', () => {
  test('values take their types from the specs', () => {
    expectTypeOf<Values>().toEqualTypeOf<{
      strength: number
      count: number
      mode: 'soft' | 'hard'
      on: boolean
      tint: string
      offset: readonly [number, number]
    }>()
    expectTypeOf(bloom.defaults.intensity).toEqualTypeOf<number>()
    expectTypeOf(dreamBlur.defaults.blur).toEqualTypeOf<'small' | 'medium' | 'large' | 'huge'>()
  })

  test("an effect's applyParams receives the effect it built and typed values", () => {
    const layer = defineLayer({
      ...base,
      type: 'typed-effect',
      kind: 'effect',
      createEffect: () => new BloomEffect(),
      applyParams: (effect, values) => {
        expectTypeOf(effect).toEqualTypeOf<BloomEffect>()
        expectTypeOf(values).toEqualTypeOf<Values>()
        effect.intensity = values.strength
        // @ts-expect-error a number parameter is not text
        const wrong: string = values.strength
        // @ts-expect-error there is no such parameter
        void values.missing
        void wrong
      },
      cost: (values) => values.count * 2,
    })
    expect(layer.cost?.(layer.defaults)).toBe(6)
    expect(layer.fragment).toBe('')
  })

  test('an object component receives typed values; one expecting other types does not fit', () => {
    const Typed = ({ values }: ObjectLayerProps<Values>) => {
      expectTypeOf(values.count).toEqualTypeOf<number>()
      return null
    }
    const layer = defineLayer({ ...base, type: 'typed-object', kind: 'object', fragment: '', vertex: 'void main() {}', object: Typed })
    expect(layer.object).toBe(Typed)
    const WantsText = (_props: ObjectLayerProps<{ count: string }>) => null
    compileOnly(() => {
      // @ts-expect-error the component wants count as text; the declaration says it is a number
      defineLayer({ ...base, type: 'typed-object', kind: 'object', fragment: '', vertex: '', object: WantsText })
    })
  })

  test('each kind brings the fields it needs, and only those', () => {
    compileOnly(() => {
      // @ts-expect-error an object layer without its component and vertex shader
      defineLayer({ ...base, type: 'no-object', kind: 'object', fragment: '' })
      // @ts-expect-error a shader effect without its fragment
      defineLayer({ ...base, type: 'no-fragment', kind: 'effect' })
      // @ts-expect-error applyParams belongs to effects built by createEffect
      defineLayer({ ...base, type: 'stray-apply', kind: 'effect', fragment: '', applyParams: () => undefined })
      // @ts-expect-error backdrops have no object component
      defineLayer({ ...base, type: 'stray-object', kind: 'backdrop', fragment: '', object: () => null })
    })
    expect(() => defineLayer({ ...base, type: 'untyped-object', kind: 'object', fragment: '' } as never)).toThrow(/object layers need/)
  })
})
