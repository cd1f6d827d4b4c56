/**
 * Every browser test fails if a shader failed to compile or WebGL reported an error while it ran: three.js
 * only logs those, and a layer that silently draws nothing must not pass.
 */
import { afterEach, beforeEach, expect } from 'vitest'

const FATAL = /Shader Error|GL_INVALID|WebGL: INVALID/
let captured: string[] = []
const original = console.error.bind(console)

console.error = (...args: unknown[]) => {
  const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')
  if (FATAL.test(text)) captured.push(text.slice(0, 600))
  original(...args)
}

beforeEach(() => {
  captured = []
})

afterEach(() => {
  const errors = captured
  captured = []
  expect(errors, 'WebGL / shader errors logged during the test').toEqual([])
})

// r3f 9.8 still builds a THREE.Clock; three r187 warns about it once per canvas. Known and harmless (see
// TOOLCHAIN.md), so it is kept out of the test log where it would bury real warnings.
const originalWarn = console.warn.bind(console)
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('THREE.Clock: This module has been deprecated')) return
  originalWarn(...args)
}
