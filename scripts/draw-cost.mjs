/**
 * Where the output stage's GPU time goes, draw by draw (issue 14): the programs the app links for an empty document
 * are captured from the bench page, then replayed in a bare WebGL2 context of their own on made-up inputs, so a draw's
 * time is its own (no JS of three or the composer, no read-back between passes as in pass-trace.mjs). Each draw
 * is timed as the extra time of ten more of it before a one-pixel read (the read's own cost cancels), median over
 * rounds; then the frame as the app draws it, the passes one after another, each reading what the one before wrote,
 * timed both ways: as ten more frames (marginal) and as one frame alone before a read, as the app and the bench draw it.
 *
 *   node scripts/draw-cost.mjs [variants.mjs] [--size=640x360] [--rounds=21]
 *   variants.mjs (optional): as for shader-ab.mjs, a module whose default export maps names to (source) => source;
 *   every draw is then timed once per variant, beside the unchanged code.
 *
 * Draws: the flash limiter's measure (two draws) and state (src/safety/flashLimiter.ts) and the output
 * pass (tone mapping, limiter, dither, display encoding) into the canvas, of an empty document: the fixed output
 * stage. Inputs: a picture of random colours in [0, 0.5] (no red held, nothing dimmed: the common frame), the
 * limiter's state textures at rest. Writes nothing but the served copy of the variants file (bench/tmp, ignored).
 */
import { commandLine, openDevBenchPage, serveToPage } from './devBenchPage.mjs'

const { option, width, height, cases } = commandLine()
const rounds = Number(option('rounds', '21'))
const variantsUrl = cases[0] ? serveToPage(cases[0], 'draw-cost-variants.mjs') : null

/** In the page: replays `programs` (captured sources) for each variant and times the draws. */
async function replay([programs, variantsUrl, size, rounds]) {
  const rewrites = variantsUrl ? (await import(variantsUrl)).default : {}
  const [width, height] = size
  const find = (needle, not = []) => {
    const found = programs.find((p) => p.fragment.includes(needle) && !not.some((n) => p.fragment.includes(n)))
    if (!found) throw new Error(`draw-cost: no captured program contains "${needle}"`)
    return found
  }
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  // as the app's canvas (DreamCanvas.tsx): no multisampling
  const gl = canvas.getContext('webgl2', { antialias: false })
  // without the second, linearly filtered float textures are incomplete and read as black
  for (const name of ['EXT_color_buffer_float', 'OES_texture_float_linear']) if (!gl.getExtension(name)) throw new Error(`draw-cost: no ${name}`)

  const texture = (w, h, filter, fill) => {
    const data = new Float32Array(w * h * 4)
    for (let i = 0; i < data.length; i++) data[i] = fill(i % 4)
    const t = gl.createTexture()
    gl.bindTexture(gl.TEXTURE_2D, t)
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA32F, w, h, 0, gl.RGBA, gl.FLOAT, data)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
    return t
  }
  const [tilesX, tilesY] = [32, 18]
  const [measureX, measureY] = [tilesX * 4, tilesY * 4]
  const textures = {
    // the composer's buffers filter linearly; the output pass reads its own pixel through a nearest sampler
    picture: texture(width, height, gl.LINEAR, () => Math.random() * 0.5),
    // (red, luminance outside saturated red, inside it, red as shown): no saturated red, the common frame
    measure: texture(measureX, measureY, gl.NEAREST, (channel) => (channel === 1 ? Math.random() * 0.3 : 0)),
    // saturated red everywhere, rising: every tile needs its neighbours' red scales (the state's dearest case)
    redMeasure: texture(measureX, measureY, gl.NEAREST, (channel) => [0.5, 0.05, 0.2, 0.1][channel]),
    // state: (mean, run, counted, last counted transition long ago)
    state: texture(tilesX, tilesY, gl.NEAREST, (channel) => [0.2, 0, 0, -100][channel]),
    // coefficients at rest: (red scale 1, gain 1, lift 0)
    coefficients: texture(tilesX, tilesY, gl.NEAREST, (channel) => [1, 1, 0, 1][channel]),
  }
  const target = (w, h, attachments, filter = gl.NEAREST) => {
    const framebuffer = gl.createFramebuffer()
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer)
    const attached = []
    for (let i = 0; i < attachments; i++) {
      attached.push(texture(w, h, filter, () => 0))
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + i, gl.TEXTURE_2D, attached[i], 0)
    }
    gl.drawBuffers(attached.map((_, i) => gl.COLOR_ATTACHMENT0 + i))
    return { framebuffer, w, h, texture: attached[0], attached }
  }
  const targets = {
    canvas: { framebuffer: null, w: width, h: height },
    // the scene's float target, as the composer's (filtered linearly)
    scene: target(width, height, 1, gl.LINEAR),
    measure: target(measureX, measureY, 4),
    state: target(tilesX, tilesY, 2),
  }
  const nearest = gl.createSampler()
  gl.samplerParameteri(nearest, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
  gl.samplerParameteri(nearest, gl.TEXTURE_MAG_FILTER, gl.NEAREST)

  const tiles = [tilesX, tilesY]
  const measureSize = [measureX, measureY]
  const reach = [Math.ceil(tilesX / 3) + 1, Math.ceil(tilesY / 3) + 1]
  // the draws, and the values of their uniforms (a string names a texture; a uniform not named here is 0)
  const measureUniforms = { tInput: 'picture', exposure: 1, inputSize: size, measureSize, tiles, reach, tLastMeasure: 'measure', tLastPointsLow: 'measure', tLastPointsHigh: 'measure', tLastCoefficients: 'coefficients', tLastState: 'state', dreamLimiterHeld: 'coefficients', dreamLimiterTiles: tiles, dreamLimiterOn: 1 }
  const output = find('DisplayEncode', ['DREAM_LIMITER_APPLY 1', 'DREAM_PICTURE_SAMPLE 1'])
  const draws = [
    // the measure in two draws (FlashLimiterEffect): the whole target, then the rectangle the frame before held again (empty here)
    { name: 'limiter: measure', program: find('#define LIMITER_SHOWN_AS_MEASURED'), target: 'measure', uniforms: measureUniforms },
    { name: 'limiter: measure, held rectangle (empty)', program: find('pointsLowOut', ['#define LIMITER_SHOWN_AS_MEASURED']), target: 'measure', count: 6, uniforms: measureUniforms },
    { name: 'limiter: state (red and luminance)', program: find('coefficientsOut'), target: 'state',
      uniforms: { tiles, tState: 'state', tMeasure: 'measure', tNearby: 'measure', reach, now: 10, riseLimit: 0.001, gap: 0.4, threshold: 0.06 } },
    { name: 'limiter: state, saturated red everywhere', program: find('coefficientsOut'), target: 'state',
      uniforms: { tiles, tState: 'state', tMeasure: 'redMeasure', tNearby: 'measure', reach, now: 10, riseLimit: 0.001, gap: 0.4, threshold: 0.06 } },
    { name: 'output pass', program: output, target: 'canvas', nearest: true,
      // the pass's vertex shader draws the pieces around the held rectangle; here one full-screen triangle
      vertex: output.vertex.replace(/void main\(\)\s*\{[\s\S]*$/, 'void main(){vec2 corner=vec2(float((gl_VertexID&1)<<2),float((gl_VertexID&2)<<1))-1.0;vUv=corner*0.5+0.5;gl_Position=vec4(corner,1.0,1.0);}'),
      uniforms: { inputBuffer: 'picture', dreamOwnInput: 'picture', e0Exposure: 1, resolution: size, texelSize: [1 / width, 1 / height] } },
  ]
  // The frame as the app draws it: each pass reads what the one before wrote (the state reads the measure target's
  // attachments), and the output pass is drawn as the app's two draws,
  // the pieces around the held rectangle and the held rectangle itself (empty here: nothing holds), whose vertex
  // shaders find the rectangle from the coefficients just written (src/scene/heldRegion.ts).
  const heldUniforms = { dreamLimiterHeld: targets.state.attached[1], dreamLimiterTiles: tiles, dreamLimiterOn: 1, dreamLimiterCut: 1 }
  const [measure, measureHeld, state, , outputPass] = draws
  const frameDraws = [
    { ...measure, uniforms: { ...measure.uniforms, tInput: targets.scene.texture } },
    { ...measureHeld, uniforms: { ...measureHeld.uniforms, tInput: targets.scene.texture } },
    { ...state, uniforms: { ...state.uniforms, tMeasure: targets.measure.attached[0], tNearby: targets.measure.attached[3] } },
    { ...outputPass, vertex: undefined, pieces: [0, 1, 2, 3], uniforms: { ...outputPass.uniforms, ...heldUniforms, inputBuffer: targets.scene.texture, dreamOwnInput: targets.scene.texture } },
    { name: 'held rectangle', program: find('DREAM_LIMITER_APPLY 1'), target: 'canvas', pieces: [4],
      uniforms: { ...outputPass.uniforms, ...heldUniforms, inputBuffer: targets.scene.texture, dreamOwnInput: targets.scene.texture, e1LimiterCoefficients: targets.state.attached[1], e1LimiterGrid: tiles } },
  ]
  // the unit square once per piece, the piece's number in z (as heldRegion.ts's geometry)
  const piecesArray = (numbers) => {
    const square = [0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1]
    const vertexArray = gl.createVertexArray()
    gl.bindVertexArray(vertexArray)
    const buffer = gl.createBuffer()
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer)
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(numbers.flatMap((n) => Array.from({ length: 6 }, (_, i) => [square[2 * i], square[2 * i + 1], n]).flat())), gl.STATIC_DRAW)
    gl.bindVertexArray(null)
    return { vertexArray, buffer, count: numbers.length * 6 }
  }

  const compile = (draw, rewrite) => {
    const program = gl.createProgram()
    for (const [type, source] of [[gl.VERTEX_SHADER, draw.vertex ?? draw.program.vertex], [gl.FRAGMENT_SHADER, draw.program.fragment]]) {
      const shader = gl.createShader(type)
      gl.shaderSource(shader, rewrite ? rewrite(source) : source)
      gl.compileShader(shader)
      if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`draw-cost: ${draw.name}: ${gl.getShaderInfoLog(shader)}`)
      gl.attachShader(program, shader)
    }
    gl.linkProgram(program)
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`draw-cost: ${draw.name}: ${gl.getProgramInfoLog(program)}`)
    gl.useProgram(program)
    const units = []
    for (let i = 0; i < gl.getProgramParameter(program, gl.ACTIVE_UNIFORMS); i++) {
      const { name, type } = gl.getActiveUniform(program, i)
      const location = gl.getUniformLocation(program, name)
      const value = draw.uniforms[name]
      if (type === gl.SAMPLER_2D) {
        const bound = typeof value === 'string' ? textures[value] : value
        if (!bound) throw new Error(`draw-cost: ${draw.name}: no texture for sampler ${name}`)
        gl.uniform1i(location, units.length)
        units.push(bound)
      } else if (type === gl.FLOAT) gl.uniform1f(location, value ?? 0)
      else if (type === gl.FLOAT_VEC2) gl.uniform2f(location, ...(value ?? [0, 0]))
    }
    let pieces = null
    if (draw.pieces) {
      pieces = piecesArray(draw.pieces)
      const location = gl.getAttribLocation(program, 'position')
      gl.bindVertexArray(pieces.vertexArray)
      gl.bindBuffer(gl.ARRAY_BUFFER, pieces.buffer)
      gl.enableVertexAttribArray(location)
      gl.vertexAttribPointer(location, 3, gl.FLOAT, false, 0, 0)
      gl.bindVertexArray(null)
    }
    return { ...draw, program, units, pieces }
  }
  const issue = (draw) => {
    const { framebuffer, w, h } = targets[draw.target]
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer)
    gl.viewport(0, 0, w, h)
    gl.useProgram(draw.program)
    draw.units.forEach((t, unit) => {
      gl.activeTexture(gl.TEXTURE0 + unit)
      gl.bindTexture(gl.TEXTURE_2D, t)
      gl.bindSampler(unit, draw.nearest ? nearest : null)
    })
    gl.bindVertexArray(draw.pieces?.vertexArray ?? null)
    gl.drawArrays(gl.TRIANGLES, 0, draw.pieces?.count ?? draw.count ?? 3)
  }
  const clearScene = () => {
    gl.bindFramebuffer(gl.FRAMEBUFFER, targets.scene.framebuffer)
    gl.viewport(0, 0, width, height)
    gl.clear(gl.COLOR_BUFFER_BIT)
  }
  const finish = () => {
    gl.bindFramebuffer(gl.FRAMEBUFFER, null)
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4))
  }
  // the extra time of ten more of `work` before the read: the read's own cost cancels
  const marginal = (work) => {
    const run = (n) => {
      const start = performance.now()
      for (let i = 0; i < n; i++) work()
      finish()
      return performance.now() - start
    }
    const one = run(1)
    return (run(11) - one) / 10
  }
  // the time of one `work` and the read, less a read alone: a frame as the app draws it, each pass waiting for the
  // one before and nothing of the next frame to overlap with (more than the marginal time of the same work)
  const alone = (work) => {
    let start = performance.now()
    finish()
    const read = performance.now() - start
    start = performance.now()
    work()
    finish()
    return performance.now() - start - read
  }

  const names = ['unchanged', ...Object.keys(rewrites)]
  const sets = names.map((name) => {
    const rewrite = name === 'unchanged' ? null : rewrites[name]
    const compiled = draws.map((draw) => compile(draw, rewrite))
    const items = compiled.map((draw) => ({ name: draw.name, work: () => issue(draw) }))
    // in a frame the measure and the output pass read the scene target just cleared, as the app's do (a clear that
    // nothing reads costs nothing: the driver drops it)
    const frame = frameDraws.map((draw) => compile(draw, rewrite))
    const whole = () => (clearScene(), frame.forEach(issue))
    // the limiter off: the output pass's own draw and its empty held rectangle, as the app issues them
    const unlimited = () => (clearScene(), issue(frame[3]), issue(frame[4]))
    items.push({ name: 'frame: scene clear, the limiter, output pass (two draws each)', work: whole })
    items.push({ name: 'frame without the limiter: scene clear, output pass', work: unlimited })
    items.push({ name: 'one frame alone, then the read (less the read)', work: whole, time: alone })
    items.push({ name: 'the same without the limiter', work: unlimited, time: alone })
    return items
  })
  const times = sets.map((items) => items.map(() => []))
  for (const items of sets) for (const item of items) marginal(item.work) // warm-up: routines compiled, memory touched
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...sets.keys()].reverse() : [...sets.keys()]
    for (const s of order) sets[s].forEach((item, i) => times[s][i].push((item.time ?? marginal)(item.work)))
  }
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]
  return { names, rows: sets[0].map((item, i) => ({ name: item.name, ms: times.map((perSet) => median(perSet[i])) })) }
}

const { page, close } = await openDevBenchPage()
try {
  // capture what the app links for an empty document at this size
  await page.evaluate(() => {
    const prototype = WebGL2RenderingContext.prototype
    const link = prototype.linkProgram
    window.__linked = []
    prototype.linkProgram = function (program) {
      const source = (type) => this.getAttachedShaders(program).map((s) => (this.getShaderParameter(s, this.SHADER_TYPE) === type ? this.getShaderSource(s) : '')).join('')
      window.__linked.push({ vertex: source(this.VERTEX_SHADER), fragment: source(this.FRAGMENT_SHADER) })
      return link.call(this, program)
    }
  })
  await page.evaluate((size) => window.dreamBench.pairedCost(['empty'], size, 2), [width, height])
  const programs = await page.evaluate(() => window.__linked)
  const { names, rows } = await page.evaluate(replay, [programs, variantsUrl, [width, height], rounds])
  console.log(`${width}x${height}, ${rounds} rounds, ms per draw (median)`)
  console.log(''.padEnd(60) + names.map((n) => ` ${n}`.padStart(16)).join(''))
  for (const { name, ms } of rows) console.log(name.padEnd(60) + ms.map((v) => v.toFixed(2).padStart(16)).join(''))
} finally {
  await close()
}
