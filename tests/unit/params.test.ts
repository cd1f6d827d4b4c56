import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { lerpColorOklab, normalizeHexColor } from '../../src/core/color'
import { defineLayer } from '../../src/core/defineLayer'
import { lerpParam, p, sanitizeParam } from '../../src/core/params'

describe('parameter specs', () => {
  test('sanitize clamps numbers into range and explains why', () => {
    const spec = p.float(1, { min: 0, max: 2 })
    expect(sanitizeParam(spec, 5)).toEqual({ value: 2, problem: expect.stringContaining('outside 0..2') })
    expect(sanitizeParam(spec, 1.5)).toEqual({ value: 1.5 })
    expect(sanitizeParam(spec, Number.NaN).value).toBe(1)
    expect(sanitizeParam(spec, Number.POSITIVE_INFINITY).problem).toMatch(/not a finite number/)
    expect(sanitizeParam(spec, '3').problem).toMatch(/expected a number, got the text "3"/)
  })

  test('ints round, selects must be an option, colours normalise, vectors check length', () => {
    expect(sanitizeParam(p.int(3, { min: 1, max: 8 }), 4.6)).toEqual({ value: 5, problem: expect.any(String) })
    const select = p.select('a', ['a', 'b'])
    expect(sanitizeParam(select, 'b')).toEqual({ value: 'b' })
    expect(sanitizeParam(select, 'c').problem).toMatch(/expected one of "a", "b"/)
    expect(sanitizeParam(p.color('#000000'), '#ABC')).toEqual({ value: '#aabbcc', problem: expect.any(String) })
    expect(sanitizeParam(p.color('#000000'), 'red').value).toBe('#000000')
    const vec = p.vec3([0, 0, 0], { min: -1, max: 1 })
    expect(sanitizeParam(vec, [0.5, 2, -3])).toEqual({ value: [0.5, 1, -1], problem: expect.stringContaining('[1]') })
    expect(sanitizeParam(vec, [1, 2]).problem).toMatch(/list of 3 numbers/)
    expect(sanitizeParam(p.bool(true), 'yes').value).toBe(true)
  })

  test('every sanitized value is valid for its spec (property)', () => {
    const spec = p.float(0.5, { min: -3, max: 7 })
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const { value } = sanitizeParam(spec, raw)
        expect(typeof value).toBe('number')
        expect(value as number).toBeGreaterThanOrEqual(-3)
        expect(value as number).toBeLessThanOrEqual(7)
      }),
    )
  })

  test('lerp: floats linear, ints rounded, discrete values switch at the midpoint, colours through OKLab', () => {
    expect(lerpParam(p.float(0, { min: 0, max: 10 }), 0, 10, 0.25)).toBe(2.5)
    expect(lerpParam(p.int(0, { min: 0, max: 10 }), 0, 3, 0.5)).toBe(2)
    expect(lerpParam(p.select('a', ['a', 'b']), 'a', 'b', 0.49)).toBe('a')
    expect(lerpParam(p.select('a', ['a', 'b']), 'a', 'b', 0.5)).toBe('b')
    expect(lerpParam(p.color('#000000'), '#ff0000', '#0000ff', 0)).toBe('#ff0000')
    expect(lerpParam(p.color('#000000'), '#ff0000', '#0000ff', 1)).toBe('#0000ff')
    // OKLab midpoint of red and blue is a purple brighter than the sRGB average #800080
    const mid = lerpColorOklab('#ff0000', '#0000ff', 0.5)
    expect(normalizeHexColor(mid)).toBe(mid)
    expect(Number.parseInt(mid.slice(1, 3), 16)).toBeGreaterThan(0x80)
  })
})

describe('defineLayer', () => {
  const declare = (params: Parameters<typeof defineLayer>[0]['params']) =>
    defineLayer({ type: 'probe', label: 'Probe', kind: 'backdrop', description: '', fragment: '', params })

  test('derives defaults, uniform declarations and a sanitizer from the one declaration', () => {
    const layer = declare({ scale: p.float(1.5, { min: 0.1, max: 8 }), tint: p.color('#102030'), steps: p.int(4, { min: 1, max: 8 }), mode: p.select('soft', ['soft', 'hard']), offset: p.vec2([0, 0], { min: -1, max: 1 }), on: p.bool(true) })
    expect(layer.defaults).toEqual({ scale: 1.5, tint: '#102030', steps: 4, mode: 'soft', offset: [0, 0], on: true })
    expect(layer.uniformDeclarations.split('\n')).toEqual([
      'uniform float scale;',
      'uniform vec3 tint;',
      'uniform int steps;',
      'uniform int mode;',
      'uniform vec2 offset;',
      'uniform bool on;',
    ])
    const { values, problems } = layer.sanitize({ scale: 99, bogus: 1, steps: 2 })
    expect(values).toEqual({ ...layer.defaults, scale: 8, steps: 2 })
    expect(problems.map((x) => x.key)).toEqual(['scale', 'bogus'])
  })

  test('rejects reserved, malformed and inconsistent parameters with the offending name', () => {
    expect(() => declare({ time: p.float(0, { min: 0, max: 1 }) })).toThrow(/"time" is reserved/)
    expect(() => declare({ mix: p.float(0, { min: 0, max: 1 }) })).toThrow(/reserved/)
    expect(() => declare({ uTime: p.float(0, { min: 0, max: 1 }) })).toThrow(/reserved/)
    expect(() => declare({ bad_name: p.float(0, { min: 0, max: 1 }) })).toThrow(/camelCase/)
    expect(() => declare({ scale: p.float(5, { min: 0, max: 1 }) })).toThrow(/parameter "scale": the default is invalid/)
    expect(() => declare({ scale: p.float(0, { min: 1, max: 1 }) })).toThrow(/min must be below max/)
  })
})
