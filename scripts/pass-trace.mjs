/**
 * Where a frame's time goes, pass by pass (issue 14): the bench page served by vite's dev server, every WebGL draw
 * of a cost case's live frames grouped by (program, viewport, target), each group timed from its first draw to
 * the next group's (a one-pixel read before each group waits for the work before it). The reads cost time of
 * their own, so the total runs above the frame's real cost; the shares are what to look at. Writes nothing.
 *
 *   node scripts/pass-trace.mjs [--size=640x360] [--frame=4] [--order] case ...
 *   cases as in cost-probe.mjs: empty | layer:<type> | preset:<name> (add @reference for reference mode)
 *
 * Prints, per case, the groups of one live frame (the `--frame`-th timed one), dearest first (in drawing order with
 * `--order`), then their sum.
 */
import { commandLine, openDevBenchPage } from './devBenchPage.mjs'

const { option, width, height, cases: ids } = commandLine()
const frame = Number(option('frame', '4'))
const inOrder = process.argv.includes('--order')
if (ids.length === 0) {
  console.error('usage: node scripts/pass-trace.mjs [--size=WxH] [--frame=N] case ...')
  process.exit(2)
}

/** Installed in the page before anything draws: wraps the draw calls of every WebGL2 context. */
function instrument() {
  const P = WebGL2RenderingContext.prototype
  const names = new WeakMap()
  const read = P.readPixels
  const state = { log: null, group: null }
  window.__passTrace = state
  // a program's name: three's SHADER_NAME (its material's name) or the fragment shader's length
  const nameOf = (gl, program) => {
    if (!program) return '?'
    if (!names.has(program)) {
      const fragment = gl.getAttachedShaders(program).map((s) => gl.getShaderSource(s)).find((s) => /gl_FragColor|pc_fragColor|out highp vec4/.test(s)) ?? ''
      names.set(program, fragment.match(/#define SHADER_NAME (\S+)/)?.[1] ?? `fragment of ${fragment.length} chars`)
    }
    return names.get(program)
  }
  const wait = (gl) => {
    const type = gl.getParameter(gl.IMPLEMENTATION_COLOR_READ_TYPE)
    if (type === gl.UNSIGNED_BYTE) read.call(gl, 0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4))
    else read.call(gl, 0, 0, 1, 1, gl.RGBA, gl.FLOAT, new Float32Array(4))
  }
  const close = () => {
    if (state.group) state.log.push({ key: state.group.key, draws: state.group.draws, ms: performance.now() - state.group.started })
    state.group = null
  }
  const useProgram = P.useProgram
  P.useProgram = function (program) {
    this.__program = program
    return useProgram.call(this, program)
  }
  const viewport = P.viewport
  P.viewport = function (x, y, w, h) {
    this.__viewport = `${w}x${h}`
    return viewport.call(this, x, y, w, h)
  }
  P.readPixels = function (...rest) {
    const result = read.apply(this, rest)
    if (state.log) {
      close()
      state.log.push('frame')
    }
    return result
  }
  for (const call of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'clear']) {
    const original = P[call]
    P[call] = function (...rest) {
      if (!state.log) return original.apply(this, rest)
      const what = call === 'clear' ? 'clear' : nameOf(this, this.__program)
      const key = `${what} ${this.__viewport} ${this.getParameter(this.FRAMEBUFFER_BINDING) ? 'target' : 'canvas'}`
      if (key !== state.group?.key) {
        wait(this)
        close()
        state.group = { key, draws: 0, started: performance.now() }
      }
      state.group.draws++
      return original.apply(this, rest)
    }
  }
}

const { page, close } = await openDevBenchPage()
try {
  await page.evaluate(instrument)
  for (const id of ids) {
    const log = await page.evaluate(
      async ([list, size, rounds]) => {
        window.__passTrace.log = []
        await window.dreamBench.pairedCost(list, size, rounds)
        const log = window.__passTrace.log
        window.__passTrace.log = null
        return log
      },
      [[id], [width, height], frame + 1],
    )
    // frames alternate with the fbm5 yardstick's (one draw of a bare program into the canvas): keep the case's
    const yardstick = (groups) => groups.length === 1 && groups[0].draws === 1 && /^fragment of .* canvas$/.test(groups[0].key)
    const frames = []
    let current = []
    for (const entry of log) {
      if (entry === 'frame') {
        if (current.length > 0 && !yardstick(current)) frames.push(current)
        current = []
      } else current.push(entry)
    }
    // frames[0] is the untimed first round (a full refresh); the timed live frames follow
    const chosen = frames[Math.min(frames.length - 1, frame)] ?? []
    const total = chosen.reduce((sum, group) => sum + group.ms, 0)
    console.log(`\n${id} at ${width}x${height}, timed frame ${frame}: ${total.toFixed(1)} ms in ${chosen.length} groups`)
    for (const group of inOrder ? chosen : [...chosen].sort((a, b) => b.ms - a.ms))
      console.log(`${group.ms.toFixed(1).padStart(8)} ms ${String(group.draws).padStart(4)}x  ${group.key}`)
  }
} finally {
  await close()
}
