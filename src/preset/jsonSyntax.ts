/**
 * Where and why a text is not JSON, in words for people. Only called after JSON.parse has refused a text:
 * engines word that refusal differently (V8 gives no position for an unexpected token, Firefox gives line and
 * column, Safari neither) and their wording is parser jargon, so the text is walked once more here to find
 * the first problem itself. Iterative (an explicit stack), so any nesting is safe.
 */

export interface JsonSyntaxProblem {
  /** UTF-16 offset of the problem. */
  offset: number
  line: number
  column: number
  /** What is wrong there, as the end of a sentence: "a comma or } is missing". */
  problem: string
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

/** A character as a reader can see it: printable ones quoted, the rest by code. */
export function describeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || c === '\ufffd') return `an invisible control character (${hex})`
  if (c === '"') return 'a quote mark'
  return `the character "${c}"`
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}

type Expect = 'value' | 'value-or-]' | 'value-after-comma' | 'key-or-}' | 'key-after-comma' | 'colon' | 'comma-or-close' | 'end'

/** The first syntax problem of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const closers: string[] = []
  let expect = 'value' as Expect
  let i = 0
  const fail = (offset: number, problem: string): JsonSyntaxProblem => ({ offset, problem, ...position(text, offset) })
  const afterValue = () => (expect = closers.length ? 'comma-or-close' : 'end')
  /** Reads a string starting at the quote at `i`; returns a problem or moves `i` past the closing quote. */
  const readString = (): JsonSyntaxProblem | undefined => {
    const start = i
    for (i++; i < text.length; i++) {
      const c = text[i]!
      if (c === '"') {
        i++
        return undefined
      }
      if (c === '\\') {
        const next = text[i + 1]
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 5
        else if (next !== undefined && ESCAPES.has(next)) i++
        else return fail(i, 'a backslash in quotes that does not start a known escape (write \\\\ for a backslash)')
      } else if (c.charCodeAt(0) < 0x20)
        return fail(i, c === '\n' ? 'a line break inside a text in quotes (write it as \\n)' : `${describeCharacter(c)} inside a text in quotes`)
    }
    return fail(start, 'a text in quotes that is never closed')
  }

  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
    if (i >= text.length)
      return expect === 'end' ? undefined : fail(text.length, 'the text ends too early (a closing bracket, brace or value is missing)')
    const c = text[i]!
    switch (expect) {
      case 'value':
      case 'value-or-]':
      case 'value-after-comma': {
        if (c === ']' && expect === 'value-or-]') {
          closers.pop()
          i++
          afterValue()
        } else if (c === '{' || c === '[') {
          closers.push(c === '{' ? '}' : ']')
          i++
          expect = c === '{' ? 'key-or-}' : 'value-or-]'
        } else if (c === '"') {
          const problem = readString()
          if (problem) return problem
          afterValue()
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER.lastIndex = i
          const match = NUMBER.exec(text)
          if (!match) return fail(i, 'a number that is not written the JSON way')
          i += match[0].length
          afterValue()
        } else {
          const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i))
          if (word) {
            i += word.length
            afterValue()
          } else if (expect === 'value-after-comma' && (c === ']' || c === '}'))
            return fail(i, `a comma before the closing ${c} (JSON allows no comma after the last item)`)
          else return fail(i, `${describeCharacter(c)} where a value was expected`)
        }
        break
      }
      case 'key-or-}':
      case 'key-after-comma':
        if (c === '}' && expect === 'key-or-}') {
          closers.pop()
          i++
          afterValue()
        } else if (c === '"') {
          const problem = readString()
          if (problem) return problem
          expect = 'colon'
        } else if (c === '}') return fail(i, 'a comma before the closing } (JSON allows no comma after the last item)')
        else return fail(i, `${describeCharacter(c)} where a property name in double quotes was expected`)
        break
      case 'colon':
        if (c !== ':') return fail(i, `${describeCharacter(c)} where a colon (:) was expected after the property name`)
        i++
        expect = 'value'
        break
      case 'comma-or-close': {
        const closer = closers[closers.length - 1]!
        if (c === ',') {
          i++
          expect = closer === '}' ? 'key-after-comma' : 'value-after-comma'
        } else if (c === closer) {
          closers.pop()
          i++
          afterValue()
        } else return fail(i, `${describeCharacter(c)} where a comma or a closing ${closer} was expected`)
        break
      }
      case 'end':
        return fail(i, `${describeCharacter(c)} after the end of the JSON data`)
    }
  }
}
