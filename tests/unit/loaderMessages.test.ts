/**
 * Issue 12 items 6/8 and issue 10 item 7 (loader side): the loader speaks to people. Syntax errors are a
 * sentence with a line and a column, binary files are named as such, control characters never appear raw in
 * a message, a warning does not repeat its path, the warning cap holds whatever the input, and shortening
 * text never breaks a character in half.
 */
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/core/document'
import { registry } from '../../src/layers'
import { encodeLinkJson } from '../../src/preset/link'
import { decodeJourneyLink } from '../../src/preset/journeyLink'
import { loadPreset, type LoadResult } from '../../src/preset/load'
import { PRESET_LIMITS } from '../../src/preset/limits'

const options = { registry }
// eslint-disable-next-line no-control-regex -- the test looks for raw control characters in messages
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/

function refused(result: LoadResult) {
  if (result.ok) throw new Error('expected the loader to refuse this')
  return result.error
}

/** A lone (unpaired) surrogate: half an emoji. */
const hasBrokenCharacter = (text: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)

describe('JSON syntax errors are sentences with a line and a column', () => {
  it('a missing comma on line 4', () => {
    const text = '{\n  "format": "dreamscape",\n  "version": 1\n  "seed": 3\n}\n'
    const error = refused(loadPreset(text, options))
    expect(error.code).toBe('bad-json')
    expect(error.message).toBe('This is not valid JSON: a quote mark where a comma or a closing } was expected at line 4, column 3.')
  })

  it('an unexpected character, a trailing comma, a cut-off file, a line break in quotes', () => {
    const cases: [string, RegExp][] = [
      ['{"format": "dreamscape",\n "seed": x}', /: the character "x" where a value was expected at line 2, column 10\.$/],
      ['{"format": "dreamscape", "layers": [1, 2,]}', /: a comma before the closing \] \(JSON allows no comma after the last item\) at line 1, column 42\.$/],
      ['{"format": "dreamscape", "layers": [', /: the text ends too early .* at line 1, column 37\.$/],
      ['{"format": "dream\nscape"}', /: a line break inside a text in quotes .* at line 1, column 18\.$/],
      ['{"format": "dreamscape"} {}', /: the character "\{" after the end of the JSON data at line 1, column 26\.$/],
    ]
    for (const [text, message] of cases) {
      const error = refused(loadPreset(text, options))
      expect(error.message).toMatch(/^This is not valid JSON: /)
      expect(error.message).toMatch(message)
      expect(error.message).not.toMatch(/position|JSON\.parse|Unexpected token/)
    }
  })

  it('the same sentence comes through a link', () => {
    const error = refused(loadPreset('{"format":"dreamscape","version":1,"seed":1 "x":2}', options))
    expect(error.message).toMatch(/at line 1, column 45\.$/)
  })
})

describe('control characters never reach a message raw', () => {
  it('a binary file is called a binary file', () => {
    const png = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x1b, 0x5b, 0x32, 0x4a)
    const error = refused(loadPreset(png, options))
    expect(error.message).toMatch(/looks like a binary file/)
    expect(error.message).not.toMatch(RAW_CONTROL)
    const zip = `PK\u0003\u0004\u0014\u0000\u0008\u0000${'x'.repeat(200)}`
    expect(refused(loadPreset(zip, options)).message).toMatch(/binary file/)
  })

  it('one stray control character is named by its code', () => {
    const error = refused(loadPreset('{"format":"dreamscape","meta":{"title":"a\u0007b"}}', options))
    expect(error.message).toMatch(/U\+0007/)
    expect(error.message).not.toMatch(RAW_CONTROL)
  })

  it('quoted keys and layer types keep their escape codes visible, not active', () => {
    const result = loadPreset(
      { format: 'dreamscape', version: 1, layers: [{ type: '\u001b[2J\u001b]0;pwned\u0007sky' }, { type: 'sky', params: { '\u009b31mred': 1 } }] },
      options,
    )
    if (!result.ok) throw result.error
    expect(result.warnings.length).toBeGreaterThanOrEqual(2)
    for (const warning of result.warnings) {
      expect(warning.message).not.toMatch(RAW_CONTROL)
      expect(warning.path).not.toMatch(RAW_CONTROL)
    }
  })
})

describe('warnings', () => {
  it('do not repeat their path in their message', () => {
    const result = loadPreset({ format: 'dreamscape', version: 1, seed: -5, layers: [{ type: 'sky', opacity: 3 }, { type: 'nebula', params: { scale: 1e9 } }] }, options)
    if (!result.ok) throw result.error
    expect(result.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(['seed', 'layers[0].opacity', 'layers[1].params.scale']))
    for (const warning of result.warnings) {
      expect(warning.message.startsWith('at ')).toBe(false)
      expect(warning.message).not.toContain(warning.path)
    }
    const strict = refused(loadPreset({ format: 'dreamscape', version: 1, layers: [{ type: 'sky', opacity: 3 }] }, { registry, strict: true }))
    expect(strict.path).toBe('layers[0].opacity')
    expect(strict.message).not.toContain('layers[0].opacity')
  })

  it('stay within the cap whatever makes them: 3,900 "__proto__" keys give 100 and a count', () => {
    const objects = Array.from({ length: 3900 }, () => '{"__proto__":0}')
    const chunks: string[] = []
    for (let i = 0; i < objects.length; i += 250) chunks.push(`"k${i}":[${objects.slice(i, i + 250).join(',')}]`)
    const text = `{"format":"dreamscape","version":1,${chunks.join(',')}}`
    expect(text.length).toBeLessThan(PRESET_LIMITS.textBytes)
    const result = loadPreset(text, options)
    if (!result.ok) throw result.error
    expect(result.warnings.length).toBe(PRESET_LIMITS.warnings + 1)
    expect(result.warnings.at(-1)!.message).toMatch(/^…and (\d+) more problems like these/)
    const more = Number(/(\d+) more/.exec(result.warnings.at(-1)!.message)![1])
    expect(more + PRESET_LIMITS.warnings).toBe(3900 + 16) // every "__proto__" and every unknown root key, counted
  })

  it('stay within the cap across the stops of a journey', () => {
    const noisy = { format: 'dreamscape', version: 1, layers: Array.from({ length: 30 }, () => ({ type: 'sky', opacity: 9, enabled: 'yes', blend: 'x', params: { a: 1 } })) }
    const payload = encodeLinkJson({ format: 'dreamscape-journey', version: 1, steps: Array.from({ length: 12 }, () => ({ dream: noisy })) })
    const result = decodeJourneyLink(payload, options)
    if (!result.ok) throw result.error
    expect(result.warnings.length).toBe(PRESET_LIMITS.warnings + 1)
    expect(result.warnings.at(-1)!.message).toMatch(/^…and \d+ more/)
  })
})

describe('shortened text keeps whole characters', () => {
  it('a title cut at the limit never ends in half an emoji', () => {
    for (const tail of ['😀😀', '👨‍👩‍👧‍👦', '🇫🇷🇫🇷']) {
      const title = `${'a'.repeat(LIMITS.titleLength - 1)}${tail}`
      const result = loadPreset({ format: 'dreamscape', version: 1, meta: { title } }, options)
      if (!result.ok) throw result.error
      expect(result.document.meta.title.length).toBeLessThanOrEqual(LIMITS.titleLength)
      expect(hasBrokenCharacter(result.document.meta.title)).toBe(false)
      expect(result.document.meta.title).toBe('a'.repeat(LIMITS.titleLength - 1))
      expect(result.warnings[0]?.path).toBe('meta.title')
    }
  })
})
