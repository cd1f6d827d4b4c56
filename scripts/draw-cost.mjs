/**
 * Where the output stage's GPU time goes, draw by draw (issue 14): the programs the app links for an empty document
 * are captured from the bench page, then replayed in a bare WebGL2 context of their own on made-up inputs, so a draw's
 * time is its own (no JS of three or the composer, no read-back between passes as in pass-trace.mjs). Each draw
 * is timed as the extra time of ten more of it before a one-pixel read (the read's own cost cancels), median over
 * rounds; then the frame as the app draws it, the passes one after another, each reading what the one before wrote.
 *
 *   node scripts/draw-cost.mjs [variants.mjs] [--size=640x360] [--rounds=21]
 *   variants.mjs (optional): as for shader-ab.mjs, a module whose default export maps names to (source) => source;
 *   every draw is then timed once per variant, beside the unchanged code.
 *
 * Draws: the flash limiter's measure, red state and luminance state (src/safety/flashLimiter.ts) and the output
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
    measure: texture(measureX, measureY, gl.NEAREST, (channel) => (channel === 0 ? 0 : Math.random() * 0.3)),
    // luminance state: (mean, run, counted, last counted transition long ago)
    state: texture(tilesX, tilesY, gl.NEAREST, (channel) => [0.2, 0, 0, -100][channel]),
    // coefficients at rest: (red scale 1, gain 1, lift 0)
    coefficients: texture(tilesX, tilesY, gl.NEAREST, (channel) => [1, 1, 0, 1][channel]),
    redScale: texture(tilesX, tilesY, gl.LINEAR, () => 1),
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
    return { framebuffer, w, h, texture: attached[0] }
  }
  const targets = {
    canvas: { framebuffer: null, w: width, h: height },
    // the scene's float target, as the composer's (filtered linearly)
    scene: target(width, height, 1, gl.LINEAR),
    measure: target(measureX, measureY, 4),
    redScale: target(tilesX, tilesY, 1),
    state: target(tilesX, tilesY, 2),
  }
  const nearest = gl.createSampler()
  gl.samplerParameteri(nearest, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
  gl.samplerParameteri(nearest, gl.TEXTURE_MAG_FILTER, gl.NEAREST)

  const tiles = [tilesX, tilesY]
  const measureSize = [measureX, measureY]
  const reach = [Math.ceil(tilesX / 3) + 1, Math.ceil(tilesY / 3) + 1]
  // the draws, and the values of their uniforms (a string names a texture; a uniform not named here is 0)
  const output = find('DisplayEncode', ['DREAM_LIMITER_APPLY 1', 'DREAM_PICTURE_SAMPLE 1'])
  const draws = [
    { name: 'limiter: measure', program: find('pointsLowOut'), target: 'measure',
      uniforms: { tInput: 'picture', exposure: 1, inputSize: size, measureSize, tiles, reach, tLastMeasure: 'measure', tLastPointsLow: 'measure', tLastPointsHigh: 'measure', tLastCoefficients: 'coefficients', tLastState: 'state' } },
    { name: 'limiter: red state', program: find('riseLimit'), target: 'redScale', uniforms: { tiles, measureSize, tMeasure: 'measure', riseLimit: 0.001, tLastPointsLow: 'measure', tLastPointsHigh: 'measure', tLastCoefficients: 'coefficients' } },
    { name: 'limiter: luminance state', program: find('coefficientsOut'), target: 'state',
      uniforms: { tiles, measureSize, tRedScale: 'redScale', tState: 'state', tMeasure: 'measure', tNearby: 'measure', reach, now: 10, gap: 0.4, threshold: 0.06 } },
    { name: 'output pass', program: output, target: 'canvas', nearest: true,
      // the pass's vertex shader draws the pieces around the held rectangle; here one full-screen triangle
      vertex: output.vertex.replace(/void main\(\)\s*\{[\s\S]*$/, 'void main(){vec2 corner=vec2(float((gl_VertexID&1)<<2),float((gl_VertexID&2)<<1))-1.0;vUv=corner*0.5+0.5;gl_Position=vec4(corner,1.0,1.0);}'),
      uniforms: { inputBuffer: 'picture', dreamOwnInput: 'picture', e0Exposure: 1, resolution: size, texelSize: [1 / width, 1 / height] } },
  ]

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
        if (!textures[value]) throw new Error(`draw-cost: ${draw.name}: no texture for sampler ${name}`)
        gl.uniform1i(location, units.length)
        units.push(textures[value])
      } else if (type === gl.FLOAT) gl.uniform1f(location, value ?? 0)
      else if (type === gl.FLOAT_VEC2) gl.uniform2f(location, ...(value ?? [0, 0]))
    }
    return { ...draw, program, units }
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
    gl.drawArrays(gl.TRIANGLES, 0, 3)
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

  const names = ['unchanged', ...Object.keys(rewrites)]
  const sets = names.map((name) => {
    const rewrite = name === 'unchanged' ? null : rewrites[name]
    const compiled = draws.map((draw) => compile(draw, rewrite))
    const items = compiled.map((draw) => ({ name: draw.name, work: () => issue(draw) }))
    // in a frame the measure and the output pass read the scene target just cleared, as the app's do: a clear that
    // nothing reads costs nothing (the driver drops it)
    const frame = compiled.map((draw) => ({ ...draw, units: draw.units.map((t) => (t === textures.picture ? targets.scene.texture : t)) }))
    items.push({ name: 'frame: scene clear, the three limiter draws, output pass', work: () => (clearScene(), frame.forEach(issue)) })
    items.push({ name: 'frame without the limiter: scene clear, output pass', work: () => (clearScene(), issue(frame[3])) })
    return items
  })
  const times = sets.map((items) => items.map(() => []))
  for (const items of sets) for (const item of items) marginal(item.work) // warm-up: routines compiled, memory touched
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...sets.keys()].reverse() : [...sets.keys()]
    for (const s of order) sets[s].forEach((item, i) => times[s][i].push(marginal(item.work)))
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
