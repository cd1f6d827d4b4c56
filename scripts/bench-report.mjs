/** bench/results.json -> bench/REPORT.md (a readable summary; the JSON keeps every round). */
import { writeFileSync } from 'node:fs'

const f1 = (x) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(1))
const f2 = (x) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(2))
const kib = (bytes) => (bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 1024).toFixed(1)} KiB`)
const row = (cells) => `| ${cells.join(' | ')} |`

/** The layer's own cost: its frame minus the empty frame of the same pipeline. */
export function marginal(frames, id, emptyId) {
  const a = frames?.[id]?.ms
  const e = frames?.[emptyId]?.ms
  return Number.isFinite(a) && Number.isFinite(e) ? a - e : null
}
const ratio = (a, b) => (a !== null && b !== null && b > 0.05 ? a / b : null)

export function writeReport(results, file) {
  const out = []
  const sizes = Object.keys(results.frames ?? {})
  out.push('# Dreamscape benchmark report', '')
  out.push(`Run ${results.startedAt} (${results.durationSeconds ?? '?'} s${results.quick ? ', QUICK run: fewer frames and sizes' : ''}).`)
  out.push(`Renderer: \`${results.renderer}\``)
  out.push(`Browser: \`${results.userAgent}\``)
  if (results.loadAverageAtStart)
    out.push(
      `Machine: ${results.cpus} cores; load average ${results.loadAverageAtStart.map((x) => x.toFixed(1)).join(' / ')} at start, ` +
        `${(results.loadAverageAtEnd ?? []).map((x) => x.toFixed(1)).join(' / ')} at end (other jobs shared the machine: compare figures within this run, not across runs).`,
    )
  for (const update of results.updates ?? [])
    out.push(
      `Re-measured ${update.startedAt} (${update.durationSeconds} s, load average ${update.loadAverageAtStart.map((x) => x.toFixed(1)).join(' / ')} at start): ${update.phases.join(', ')}.`,
    )
  out.push('')
  out.push(
    'Method: headless Chromium driven by `scripts/bench.mjs` (`npm run bench`); each frame is timed from the start of',
    'the frame to the end of a 1-pixel `readPixels` (forces the GPU work to finish); ' +
      `${results.sample?.warmup} warm-up frames discarded, then ${results.sample?.minFrames}-${results.sample?.maxFrames} frames per case; ` +
      `${results.rounds} rounds with the case order reversed every other round; figures are medians of the per-round medians.`,
    'Raw WebGL2 baseline: the exact vertex/fragment strings the host builds for a backdrop (the fused pass of `src/scene/backdropStack.ts`) compiled into',
    'a bare program drawing one triangle into the canvas (`raw`) or into an RGBA16F framebuffer (`raw16f`), as the app\'s composer uses on a GPU;',
    'on a software renderer such as this one the app\'s targets are RGBA32F, which it reads faster (src/scene/targetPrecision.ts).',
    '"Own cost" = a frame minus the empty frame of the same pipeline (app: empty document = output stage only; raw: clear only).',
    '',
  )

  const frames = results.frames ?? {}
  // ---------------------------------------------------------------- summary
  costSection(results, out)
  out.push('## Summary', '')
  for (const size of sizes) {
    const fr = frames[size] ?? {}
    const empties = Object.entries(fr).filter(([id]) => id.endsWith('|app:empty')).map(([, v]) => v.ms).filter(Number.isFinite)
    const rawEmpties = Object.entries(fr).filter(([id]) => id.endsWith('|raw:empty')).map(([, v]) => v.ms).filter(Number.isFinite)
    const med = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1] : null)
    out.push(
      `- ${size}: an empty document costs ${f1(med(empties))} ms per frame (median over ${empties.length} groups; range ${f1(Math.min(...empties))}-${f1(Math.max(...empties))}), ` +
        `a raw clear + read ${f1(med(rawEmpties))} ms. That fixed cost is the output stage every frame runs: the scene's float target cleared, ` +
        `the flash limiter's three small draws, and one full-screen pass (tone mapping, limiter, dither, sRGB encoding) to the canvas.`,
    )
  }
  out.push(
    '- The "every layer" table below uses block medians with an empty frame measured in the same group; on a software renderer',
    '  the fixed part moves by more than a cheap layer costs, so its per-layer ratios are noisy. The paired section measures the',
    '  backdrop overhead with per-iteration differences instead, and is the one to read for "ratio to raw".',
    '- Backdrops at the bottom of the stack are fused into one full-screen pass (src/scene/backdropStack.ts); the stack',
    '  tables compare it with one blended pass per layer.',
    '',
  )
  // ---------------------------------------------------------------- flash limiter
  if (results.limiter) {
    out.push('## Flash limiter on vs off (paired frames)', '')
    out.push(
      `The empty document drawn with the limiter on and off, alternating (${results.limiter.iterations} iterations). With it off the`,
      'frame is the bare output stage (clear, pass-through, dither); the limiter adds per-tile measure, state and coefficient passes',
      '(src/safety/flashLimiter.ts) and a cached fetch and a clamp per pixel (a bilinear lookup where a tile holds a flash).',
      '',
      '| size | limiter on ms | off ms (empty output stage) | limiter ms | limiter / empty output stage |',
      '|---|---|---|---|---|',
    )
    for (const [size, r] of Object.entries(results.limiter.sizes))
      out.push(`| ${size} | ${r.onMs.toFixed(2)} | ${r.offMs.toFixed(2)} | ${r.limiterMs.toFixed(2)} | ${(r.ratio * 100).toFixed(0)}% |`)
    out.push('')
  }
  // ---------------------------------------------------------------- paired backdrop overhead
  if (results.paired) {
    const psizes = Object.keys(results.paired.sizes)
    out.push('## Backdrop layers against raw WebGL2 (paired frames)', '')
    out.push(
      `Each of ${results.paired.iterations} iterations draws: the layer in the app, the empty document in the app, the same`,
      `program in raw WebGL2 into a target of the app's own format (${Object.values(results.paired.sizes[psizes[0]] ?? {})[0]?.rawTarget ?? 'RGBA16F'} here), and a bare clear of it (order alternating); "own" is the median of the`,
      'per-iteration differences (layer minus empty), so the slow drift of a shared machine cancels. The app draws in reference mode',
      '(the layer computed in place at full resolution, nothing cached), a fused pass of one: the program is the raw one\'s string, so a',
      'ratio away from 1.00 is the app\'s overhead plus timing noise of the software renderer.',
      '',
    )
    const head = ['layer']
    const rule = ['---']
    for (const size of psizes) {
      head.push(`${size} app own ms`, 'raw own ms', 'ratio')
      rule.push('---:', '---:', '---:')
    }
    out.push(row(head), row(rule))
    const types = Object.keys(results.paired.sizes[psizes[0]] ?? {})
    for (const type of types) {
      const cells = [type]
      for (const size of psizes) {
        const p = results.paired.sizes[size][type]
        cells.push(f1(p?.appOwn), f1(p?.rawOwn), f2(p?.ratio))
      }
      out.push(row(cells))
    }
    const pooled = ['**all backdrops (sum of own)**']
    for (const size of psizes) {
      const entries = Object.values(results.paired.sizes[size])
      const app = entries.reduce((sum, p) => sum + p.appOwn, 0)
      const raw = entries.reduce((sum, p) => sum + p.rawOwn, 0)
      pooled.push(f1(app), f1(raw), `**${f2(app / raw)}**`)
    }
    out.push(row(pooled), '')
    if (results.paired.stacks) {
      out.push('### What fusion saves (paired frames)', '')
      out.push(
        'The same stack drawn fused (one pass) and separate (one blended full-screen pass per layer), frames alternating; "saved" is',
        'the median of the per-iteration differences (separate minus fused), in the app (reference mode) and in raw WebGL2 with the same shader strings.',
        'On a software renderer the per-pixel shader work dominates and an extra blended pass costs little, so differences under',
        '~5% of the frame are noise; on a GPU the saving is the memory traffic of the passes fusion removes.',
        '',
        row(['stack', 'size', 'fused ms/frame', 'separate ms/frame', 'saved ms (app)', 'saved ms (raw)']),
        row(['---', '---', '---:', '---:', '---:', '---:']),
      )
      for (const [name, bySize] of Object.entries(results.paired.stacks))
        for (const [size, r] of Object.entries(bySize))
          out.push(row([name.split('+').join(', '), size, f1(r.fusedMs), f1(r.separateMs), f1(r.savedMs), f1(r.rawSavedMs)]))
      out.push('')
    }
  }

  // ---------------------------------------------------------------- layers
  out.push('## Every layer type alone', '')
  out.push(
    'The app as shipped (soft layers at reduced resolution, amortised layers shaded a quarter or a sixteenth at a time); "raw own"',
    'is the layer\'s shader computed in place at full resolution in bare WebGL2 (what reference mode draws), so a ratio under 1',
    'is what reduced resolution and amortisation save, and a ratio over 1 the app\'s extra passes.',
    '',
  )
  const header = ['layer', 'kind']
  const rule = ['---', '---']
  for (const size of sizes) {
    header.push(`${size} frame ms`, `own ms`, `raw own ms`, `ratio`, `ratio vs raw16f`)
    rule.push('---:', '---:', '---:', '---:', '---:')
  }
  out.push(row(header), row(rule))
  for (const { type, kind } of results.layerTypes ?? []) {
    const cells = [type, kind]
    for (const size of sizes) {
      const fr = frames[size]
      const g = `app:layer:${type}`
      const own = marginal(fr, g, `${g}|app:empty`)
      const raw = kind === 'backdrop' ? marginal(fr, `${g}|raw:layer:${type}`, `${g}|raw:empty`) : null
      const raw16 = kind === 'backdrop' ? marginal(fr, `${g}|raw16f:layer:${type}`, `${g}|raw16f:empty`) : null
      cells.push(f1(fr?.[`app:layer:${type}`]?.ms), f1(own), kind === 'backdrop' ? f1(raw) : '-', kind === 'backdrop' ? f2(ratio(own, raw)) : '-', kind === 'backdrop' ? f2(ratio(own, raw16)) : '-')
    }
    out.push(row(cells))
  }
  out.push('')
  for (const size of sizes) {
    const fr = frames[size]
    out.push(
      `Fixed cost per frame at ${size}: app empty document (composer, flash limiter, dither) ${f1(fr?.['app:stack|app:empty']?.ms)} ms; ` +
        `raw clear + read ${f1(fr?.['app:stack|raw:empty']?.ms)} ms (RGBA16F target: ${f1(fr?.['app:stack|raw16f:empty']?.ms)} ms) (measured in the stack group).`,
    )
  }
  out.push('')

  // ---------------------------------------------------------------- stack
  if (results.stack?.length) {
    out.push(`## A stack of ${results.stack.length} backdrops (${results.stack.join(', ')})`, '')
    out.push(
      'Fused: the app draws the backdrops at the bottom of the stack in one pass (src/scene/backdropStack.ts); separate: the same',
      'document with fusion switched off (one blended full-screen pass per layer). Raw: the same shader strings in reference mode',
      '(every layer in place, at full resolution) in bare WebGL2, fused (one program, one draw) or separate (one program and one',
      'blended draw per layer).',
      '',
    )
    out.push(
      row(['size', 'app fused own ms', 'app separate own ms', 'fused / separate', 'raw fused own ms', 'raw separate own ms', 'raw fused / separate', 'app fused / raw fused', 'sum of app singles own ms']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    )
    for (const size of sizes) {
      const fr = frames[size]
      const fused = marginal(fr, 'app:stack', 'app:stack|app:empty')
      const separate = marginal(fr, 'app:stack|app:stack-separate', 'app:stack|app:empty')
      const rawFused = marginal(fr, 'app:stack|raw:stack', 'app:stack|raw:empty')
      const rawSeparate = marginal(fr, 'app:stack|raw:stack-separate', 'app:stack|raw:empty')
      const sumApp = results.stack.reduce((s, t) => s + (marginal(fr, `app:layer:${t}`, `app:layer:${t}|app:empty`) ?? Number.NaN), 0)
      out.push(row([size, f1(fused), f1(separate), f2(ratio(fused, separate)), f1(rawFused), f1(rawSeparate), f2(ratio(rawFused, rawSeparate)), f2(ratio(fused, rawFused)), f1(sumApp)]))
    }
    out.push('')
  }

  // ---------------------------------------------------------------- presets
  out.push('## Built-in presets', '')
  out.push(
    `Loaded with ${results.loader}. Drawn as stills are (every soft texel shaded every frame, no amortisation), so these frames cost`,
    'more than the playing loop\'s: the frame cost section above measures live frames.',
    '',
  )
  const presetHeader = ['preset', 'layers']
  const presetRule = ['---', '---']
  for (const size of sizes) {
    presetHeader.push(`${size} ms/frame`, 'fps')
    presetRule.push('---:', '---:')
  }
  presetHeader.push('programs', 'draw calls')
  presetRule.push('---:', '---:')
  out.push(row(presetHeader), row(presetRule))
  for (const preset of results.presets ?? []) {
    const cells = [preset.name, preset.error ? `load error: ${preset.error}` : preset.layers.join(', ')]
    let resources
    for (const size of sizes) {
      const entry = frames[size]?.[`app:preset:${preset.name}`]
      resources = entry?.resources ?? resources
      cells.push(f1(entry?.ms), entry?.ms ? f1(1000 / entry.ms) : 'n/a')
    }
    cells.push(String(resources?.programs ?? 'n/a'), String(resources?.calls ?? 'n/a'))
    out.push(row(cells))
  }
  out.push('')

  // ---------------------------------------------------------------- CPU / heap
  if (results.cpu) {
    const { steady, sliderEveryFrame } = results.cpu
    out.push('## CPU per frame (main thread, no GPU wait)', '')
    out.push(`Document with ${steady.layers} layers (${steady.types.join(', ')}), 32x18 canvas (so the GPU stays out of it), ${steady.frames} frames, means (performance.now() is coarsened to 0.1 ms here).`, '')
    out.push(row(['case', 'our frame-loop JS (uniforms, clock, camera, scene logic)', 'whole r3f advance() incl. three.js render submission']), row(['---', '---:', '---:']))
    out.push(row(['steady', `${f2(steady.oursMs)} ms`, `${f2(steady.advanceMs)} ms`]))
    out.push(row(['a slider edit every frame (store edit + uniform writes)', `${f2(sliderEveryFrame.oursMs)} ms`, `${f2(sliderEveryFrame.advanceMs)} ms`]))
    out.push('')
  }
  if (results.heap) {
    const h = results.heap
    out.push('## Allocations over 600 frames', '')
    out.push(
      `CDP sampling heap profiler (including objects already collected): ~${kib(h.sampledBytesAllocated)} allocated in 600 frames ` +
        `= **~${h.bytesPerFrame} bytes/frame** (sampled estimate); retained heap growth after forced GC: ${kib(h.retainedGrowthBytes)}.`,
      '',
    )
    if (h.byModule?.length) {
      out.push('Allocations by the module whose code allocated:', '')
      out.push(row(['bytes/frame', 'module']), row(['---:', '---']))
      for (const m of h.byModule) out.push(row([String(m.bytesPerFrame), `\`${m.module}\``]))
      out.push('')
    }
    if (h.topSites.length) {
      out.push('Top allocation sites (caller < callee < the function that allocated):', '')
      out.push(row(['bytes/frame', 'site']), row(['---:', '---']))
      for (const s of h.topSites) out.push(row([String(s.bytesPerFrame), `\`${s.site}\``]))
      out.push('')
    }
  }

  // ---------------------------------------------------------------- first frame
  if (results.firstFrame) {
    const ff = results.firstFrame
    out.push('## Time to first frame', '')
    out.push(`From navigation start to the animation frame after the first draw into the canvas (fresh browser context each time, local server). Measured route: ${ff.measuredRoute}${ff.viewerPreset ? `, preset ${ff.viewerPreset}` : ''}.`, '')
    out.push(row(['page', 'median ms', 'rounds']), row(['---', '---:', '---']))
    for (const [name, ms] of Object.entries(ff.ms)) out.push(row([name, f1(ms), ff.rounds[name].map((x) => f1(x)).join(', ')]))
    out.push('')
  }

  // ---------------------------------------------------------------- bundle
  if (results.bundle) {
    out.push('## Bundle per route (gzip)', '')
    out.push(row(['route', 'initial JS gzip', 'raw', 'chunks', 'leva in it', 'editor code in it']), row(['---', '---:', '---:', '---', '---', '---']))
    for (const [name, route] of Object.entries(results.bundle.routes)) {
      if (!route) {
        out.push(row([name, 'absent', '', '', '', '']))
        continue
      }
      out.push(row([name, kib(route.gzip), kib(route.bytes), route.chunks.map((c) => c.fileName.replace('assets/', '')).join(', '), route.hasLeva ? 'yes' : 'no', route.hasEditorCode ? 'yes' : 'no']))
    }
    out.push('')
    const viewer = results.bundle.routes.viewer
    const editor = results.bundle.routes.editor
    const names = [...new Set([...Object.keys(viewer?.dependencies ?? {}), ...Object.keys(editor?.dependencies ?? {})])]
      .map((n) => ({ n, v: viewer?.dependencies[n] ?? 0, e: editor?.dependencies[n] ?? 0 }))
      .filter((x) => Math.max(x.v, x.e) >= 2048)
      .sort((a, b) => b.e - a.e)
    out.push('What each big dependency costs (estimated gzip share of the route, >= 2 KiB):', '')
    out.push(row(['dependency', 'viewer', 'editor']), row(['---', '---:', '---:']))
    for (const x of names) out.push(row([x.n, x.v ? kib(x.v) : '-', x.e ? kib(x.e) : '-']))
    out.push('')
  }

  // ---------------------------------------------------------------- adaptive
  if (results.adaptive) {
    const a = results.adaptive
    out.push('## Adaptive quality', '')
    out.push(
      `Heaviest preset **${a.preset}** (${f1(a.fullQualityMs)} ms/frame at full quality, ${a.size}), DreamCanvas with adaptive quality, ` +
        `target ${a.targetFps} fps, real animation loop for ${a.seconds} s` +
        (a.software
          ? ` (a software renderer: the app's default target is 30 fps, which no setting of this preset reaches here, so the run asks for ${a.targetFps} fps, twice the full-quality rate of the stills above; the governor is the same).`
          : '.'),
      '',
      `Settled at **${f1(a.settledFps)} fps** (median of the last 3 s), level ${a.finalLevel}, pixel ratio ${a.finalDpr}` +
        (Object.keys(a.overrides ?? {}).length ? `, lowered knobs: ${JSON.stringify(a.overrides)}` : ', no layer knob lowered') +
        `. ${a.settledFps >= a.targetFps * 0.95 ? 'Target reached.' : 'Target NOT reached on this machine.'}`,
      '',
      row(['t (s)', 'fps', 'level', 'pixel ratio']),
      row(['---:', '---:', '---:', '---:']),
      ...a.timeline.map((p) => row([f1(p.t), f1(p.fps), String(p.level), String(p.dpr)])),
      '',
    )
  }
  if (results.consoleErrors?.length) {
    out.push('## Console errors during the run', '', ...results.consoleErrors.map((e) => `- \`${e.replace(/`/g, "'")}\``), '')
  }
  writeFileSync(file, out.join('\n') + '\n')
}

/** Issue 14: every frame over a raw WebGL2 5-octave simplex fbm frame at the same size (paired rounds). */
function costSection(results, out) {
  const cost = results.cost
  if (!cost?.sizes) return
  const sizes = Object.keys(cost.sizes)
  const ratioOf = (size, group, id) => cost.sizes[size]?.cases?.[group]?.[id]?.ratio ?? null
  const medianOf = (xs) => {
    const v = xs.filter(Number.isFinite).sort((a, b) => a - b)
    return v.length ? (v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : null
  }
  out.push('## Frame cost over the raw fbm5 yardstick (issue 14)', '')
  out.push(
    'Each case is mounted in a context of its own (nothing recompiles between frames) and drawn in paired rounds with a',
    'raw WebGL2 frame of one full-screen 5-octave 3D simplex fbm (bench/fbm5.frag, the noise every layer uses) at the same',
    `size; a case's figure is the median over rounds of (case frame / fbm5 frame of the same round), dream time ${cost.dreamTime} s.`,
    '"reference" = the same document in reference mode (every layer at full resolution, nothing cached): the cost before',
    'the soft layers rendered at their declared resolution. Goals: every preset <= 4, median <= 3, empty output <= 0.3.',
    '',
  )
  const run = [...(results.updates ?? [])].reverse().find((u) => u.phases.includes('cost')) ?? results
  const load = run.loadAverageAtStart?.[0]
  if (load > (results.cpus ?? 2) * 2)
    out.push(
      `**Noise warning:** this phase ran at load average ${load.toFixed(1)} on ${results.cpus ?? '?'} cores (other jobs shared the machine), with`,
      'few rounds per case: single figures move by +-30% (own costs of cheap layers even come out negative). Read the',
      'medians and the large differences (clouds, nebula, the cloudy presets), not a single row; re-run on a quiet machine.',
      '',
    )
  out.push(row(['size', 'rounds', 'fbm5 ms/frame (median)', 'empty document (output stage) / fbm5', 'same, flash limiter skipped / fbm5']))
  out.push(row(['---', '---:', '---:', '---:', '---:']))
  for (const size of sizes) {
    const group = cost.sizes[size].cases?.empty
    // the empty group runs more rounds than the others (scripts/bench.mjs)
    out.push(row([size, group?.empty?.ratios?.length ?? cost.sizes[size].iterations, f1(group?.fbm5?.ms), f2(group?.empty?.ratio), f2(group?.['empty-unlimited']?.ratio)]))
  }
  out.push('')
  const presetGroups = [...new Set(sizes.flatMap((size) => Object.keys(cost.sizes[size].cases ?? {}).filter((g) => g.startsWith('preset:'))))].sort()
  if (presetGroups.length) {
    out.push('### Built-in presets', '')
    out.push(row(['preset', ...sizes.flatMap((size) => [`${size} / fbm5`, `${size} reference / fbm5`, 'after / before'])]))
    out.push(row(['---', ...sizes.flatMap(() => ['---:', '---:', '---:'])]))
    for (const group of presetGroups) {
      const name = group.slice(7)
      const cells = sizes.flatMap((size) => {
        const after = ratioOf(size, group, group)
        const before = ratioOf(size, group, `${group}@reference`)
        return [f2(after), f2(before), f2(after !== null && before ? after / before : null)]
      })
      out.push(row([name, ...cells]))
    }
    const medians = sizes.flatMap((size) => {
      const after = medianOf(presetGroups.map((g) => ratioOf(size, g, g)))
      const before = medianOf(presetGroups.map((g) => ratioOf(size, g, `${g}@reference`)))
      return [`**${f2(after)}**`, `**${f2(before)}**`, '']
    })
    out.push(row(['**median**', ...medians]))
    const worst = sizes.flatMap((size) => [f2(Math.max(...presetGroups.map((g) => ratioOf(size, g, g) ?? -1))), f2(Math.max(...presetGroups.map((g) => ratioOf(size, g, `${g}@reference`) ?? -1))), ''])
    out.push(row(['**worst**', ...worst]), '')
  }
  const layerGroups = [...new Set(sizes.flatMap((size) => Object.keys(cost.sizes[size].cases ?? {}).filter((g) => g.startsWith('layer:'))))]
  if (layerGroups.length) {
    out.push('### Every layer type alone', '')
    out.push('Own cost = (layer frame - empty frame) / fbm5 frame, per round, median. Before = reference mode (only layers with a declared resolution below 1 or declared amortised differ).', '')
    out.push(row(['layer', 'resolution', ...sizes.flatMap((size) => [`${size} own after`, 'own before', 'frame after / fbm5'])]))
    out.push(row(['---', '---:', ...sizes.flatMap(() => ['---:', '---:', '---:'])]))
    const resolutionOf = Object.fromEntries((results.layerTypes ?? []).map((t) => [t.type, t.resolution ?? 1]))
    const amortisedOf = Object.fromEntries((results.layerTypes ?? []).map((t) => [t.type, t.amortised === true]))
    for (const group of layerGroups) {
      const type = group.slice(6)
      const cells = sizes.flatMap((size) => {
        const own = ratioOf(size, group, `${group}|own`)
        const ownBefore = ratioOf(size, group, `${group}@reference|own`)
        return [f2(own), resolutionOf[type] < 1 || amortisedOf[type] ? f2(ownBefore) : '(same)', f2(ratioOf(size, group, group))]
      })
      out.push(row([type, `${resolutionOf[type] ?? 1}${amortisedOf[type] ? ', amortised' : ''}`, ...cells]))
    }
    out.push('')
  }
}
