#!/usr/bin/env node
/**
 * `npm run bench`: measures Dreamscape in real headless Chromium and writes bench/results.json + bench/REPORT.md.
 *
 *   node scripts/bench.mjs [--quick] [--rounds N] [--skip-adaptive] [--only=cost,frames,paired,cpu,heap,ttff,adaptive,limiter]
 *                          [--sizes=640x360,1280x720] [--types=sky,moon] [--presets=a,b] [--adaptive-fps=N]
 *   --only re-measures those phases and keeps the rest of bench/results.json (the report says which).
 *
 * 1. builds the app (project config, production) for bundle sizes and time-to-first-frame, and the bench
 *    pages (bench/index.html: measurement API, bench/minimal.html: the smallest r3f page);
 * 2. serves them from this process and drives Chromium (SwiftShader when there is no GPU);
 * 3. frame costs of every layer type alone, every built-in preset and a backdrop stack, each against the
 *    same GLSL on a raw WebGL2 triangle; rounds alternate the case order; medians of per-round medians;
 *    then (paired) each backdrop's overhead and backdrop fusion's saving from alternating frame pairs;
 * 4. CPU ms per frame of our JS, allocations over 600 frames (CDP sampling heap profiler), time to first
 *    frame (viewer link vs minimal r3f page), adaptive quality on the heaviest preset.
 * Not part of `npm test`: these are timings, and timings belong in a report, not in a pass/fail gate.
 */
import { createServer } from 'node:http'
import { mkdirSync, readFileSync, existsSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { analyzeBundle } from './bench-bundle.mjs'
import { writeReport } from './bench-report.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const roundsArg = args.indexOf('--rounds')
const ROUNDS = roundsArg >= 0 ? Number(args[roundsArg + 1]) : quick ? 1 : 2
const sizesArg = args.find((a) => a.startsWith('--sizes='))
const SIZES = sizesArg ? sizesArg.slice(8).split(',').map((s) => s.split('x').map(Number)) : quick ? [[640, 360]] : [[640, 360], [1280, 720]]
/** --types=sky,moon,stack: the paired phase measures only these backdrops (and the 4-stack only if "stack" is listed) */
const typesArg = args.find((a) => a.startsWith('--types='))
const PAIRED_TYPES = typesArg ? new Set(typesArg.slice(8).split(',')) : null
const SAMPLE = quick
  ? { warmup: 2, minFrames: 3, maxFrames: 6, budgetMs: 400 }
  : { warmup: 1, minFrames: 3, maxFrames: 8, budgetMs: 500 }
const onlyArg = args.find((a) => a.startsWith('--only='))
const PHASES = new Set((onlyArg ? onlyArg.slice(7) : 'cost,frames,paired,cpu,heap,ttff,adaptive,limiter').split(','))
/** --presets=a,b: the cost phase measures only these presets (and --types only these layer types) */
const presetsArg = args.find((a) => a.startsWith('--presets='))
const COST_PRESETS = presetsArg ? new Set(presetsArg.slice(10).split(',')) : null
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const tmp = path.join(root, 'bench/tmp')
const t0 = performance.now()
const log = (...parts) => console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s]`, ...parts)

// ---------------------------------------------------------------------------------------------- builds
async function buildPages(name, input, minify) {
  const { build } = await import('vite')
  const outDir = path.join(tmp, name)
  process.env.NODE_ENV = 'production'
  await build({
    root,
    mode: 'production',
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify, rolldownOptions: { input } },
  })
  return outDir
}

// --report-only: rewrite bench/REPORT.md from bench/results.json (after editing the report's wording)
if (args.includes('--report-only')) {
  writeReport(JSON.parse(readFileSync(path.join(root, 'bench/results.json'), 'utf8')), path.join(root, 'bench/REPORT.md'))
  process.exit(0)
}

log('building the app (bundle sizes, time to first frame)')
const bundle = await analyzeBundle({ root, outDir: path.join(tmp, 'app') })
log(`app built in ${(bundle.buildMs / 1000).toFixed(1)} s; viewer route ${bundle.routes.viewer ? (bundle.routes.viewer.gzip / 1024).toFixed(1) + ' KiB gzip' : 'absent'}`)
log('building bench pages')
// unminified: allocation sites in the heap profile keep their function names
await buildPages('bench-dist', { bench: path.join(root, 'bench/index.html') }, false)
await buildPages('minimal-dist', { minimal: path.join(root, 'bench/minimal.html') }, true)

// ---------------------------------------------------------------------------------------------- server
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' }
const mounts = { '/app/': path.join(tmp, 'app'), '/bench/': path.join(tmp, 'bench-dist'), '/minimal/': path.join(tmp, 'minimal-dist') }
const server = createServer((req, res) => {
  const url = decodeURIComponent((req.url ?? '/').split('?')[0])
  const mount = Object.keys(mounts).find((m) => url.startsWith(m))
  const file = mount ? path.join(mounts[mount], url.slice(mount.length)) : ''
  if (!mount || !file.startsWith(mounts[mount]) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
  res.end(readFileSync(file))
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`

// ---------------------------------------------------------------------------------------------- browser
const { chromium } = await import('playwright-core')
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist', '--enable-precise-memory-info'],
})
const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const settle = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        let frames = 0
        const tick = () => (++frames >= 5 ? setTimeout(resolve, 500) : requestAnimationFrame(tick))
        requestAnimationFrame(tick)
      }),
  )

const withTimeout = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms))])
/** Keep what is measured so far: a crash late in the run must not lose the rest. */
function savePartial() {
  writeFileSync(path.join(root, 'bench/tmp/results.partial.json'), JSON.stringify(results, null, 2))
}
const results = { loadAverageAtStart: os.loadavg(), cpus: os.cpus().length, startedAt: new Date().toISOString(), quick, rounds: ROUNDS, sample: SAMPLE, sizes: SIZES }
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 800 } })
  const page = await context.newPage()
  const consoleErrors = []
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text().slice(0, 300)))
  page.on('pageerror', (e) => consoleErrors.push(String(e).slice(0, 300)))
  await page.goto(`${base}/bench/bench/index.html`, { waitUntil: 'load' })
  await settle(page)
  const info = await page.evaluate(() => window.dreamBench.info())
  Object.assign(results, { renderer: info.renderer, userAgent: info.userAgent, loader: info.loader, layerTypes: info.layerTypes, stack: info.stack, presets: info.presets })
  log(`renderer: ${info.renderer}`)
  log(`${info.cases.length} cases x ${SIZES.length} sizes x ${ROUNDS} rounds`)

  // ------------------------------------------------------------------ cost over the raw fbm5 yardstick (issue 14)
  if (PHASES.has('cost')) {
    // groups of cases mounted side by side (one context each) and drawn in paired rounds with an fbm5 frame;
    // "@reference" = the same document in reference mode (every layer at full resolution: the cost before)
    const groups = [{ name: 'empty', ids: ['empty', 'empty-unlimited'] }]
    for (const preset of info.presets)
      if (!preset.error && (!COST_PRESETS || COST_PRESETS.has(preset.name))) groups.push({ name: `preset:${preset.name}`, ids: [`preset:${preset.name}`, `preset:${preset.name}@reference`] })
    // reference mode differs for soft (resolution < 1) and amortised layers: measure both there
    for (const { type, resolution, amortised } of info.layerTypes)
      if (!PAIRED_TYPES || PAIRED_TYPES.has(type))
        groups.push({ name: `layer:${type}`, ids: [`layer:${type}`, ...(resolution < 1 || amortised ? [`layer:${type}@reference`] : []), 'empty'] })
    results.cost = { dreamTime: 6, sizes: {} }
    // paired rounds per case: 4 at 640x360 and 2 at 1280x720 for the default 2 rounds, in proportion to --rounds
    const iterationsAt = (w, h) => (quick ? (w * h > 640 * 360 ? 1 : 2) : Math.max(1, Math.round(((w * h > 640 * 360 ? 2 : 4) * ROUNDS) / 2)))
    for (const [w, h] of SIZES) results.cost.sizes[`${w}x${h}`] = { iterations: iterationsAt(w, h), cases: {} }
    // group by group, every size: a run cut short still has both sizes of what it measured
    for (const group of groups) {
      for (const [w, h] of SIZES) {
        const size = `${w}x${h}`
        // the empty document's few ms move by as much between single frames as its whole distance from the goal:
        // five times the rounds there (the cheapest group, about 10 s more)
        const iterations = iterationsAt(w, h) * (group.name === 'empty' ? 5 : 1)
        const started = performance.now()
        try {
          const byId = await withTimeout(page.evaluate(([ids, sz, n]) => window.dreamBench.pairedCost(ids, sz, n), [group.ids, [w, h], iterations]), 900_000, `cost ${group.name} at ${size}`)
          const entry = { ...byId }
          // a layer's own cost: its frame minus the empty frame of the same iteration, over that iteration's fbm5
          for (const id of group.ids)
            if (id.startsWith('layer:') && byId.empty)
              entry[`${id}|own`] = { ratio: median(byId[id].ratios.map((r, i) => r - byId.empty.ratios[i])) }
          results.cost.sizes[size].cases[group.name] = entry
          const main = byId[group.ids[0]]
          const ref = byId[`${group.ids[0]}@reference`]
          log(`cost ${group.name} ${size}: ${main.ratio.toFixed(2)} x fbm5${ref ? ` (reference ${ref.ratio.toFixed(2)})` : ''}, fbm5 ${byId.fbm5.ms.toFixed(1)} ms (${((performance.now() - started) / 1000).toFixed(1)} s)`)
        } catch (error) {
          log(`  cost ${group.name} at ${size}: ${String(error).slice(0, 300)}`)
        }
        savePartial()
      }
    }
  }

  // ------------------------------------------------------------------ frame costs
  const frames = Object.fromEntries(SIZES.map(([w, h]) => [`${w}x${h}`, {}]))
  results.frames = frames
  if (PHASES.has('frames')) {
    // Groups: a case, its raw baselines and the empty frames, measured side by side so that slow drift of a
    // shared machine hits them alike. Rounds alternate the order inside a group (and the order of sizes);
    // a group's document compiles once (switching documents relinks programs, which is slow on SwiftShader).
    const has = new Set(info.cases)
    const empties = ['app:empty', 'raw:empty', 'raw16f:empty'].filter((id) => has.has(id))
    const groups = []
    for (const { type, kind } of info.layerTypes) {
      const raws = kind === 'backdrop' ? [`raw:layer:${type}`, `raw16f:layer:${type}`].filter((id) => has.has(id)) : []
      groups.push({ main: `app:layer:${type}`, ids: [`app:layer:${type}`, ...raws, ...(raws.length ? empties : ['app:empty'])] })
    }
    if (has.has('app:stack')) {
      const stackIds = ['app:stack', 'app:stack-separate', 'raw:stack', 'raw:stack-separate', 'raw16f:stack', 'raw16f:stack-separate']
      groups.push({ main: 'app:stack', ids: [...stackIds.filter((id) => has.has(id)), ...empties] })
    }
    for (const preset of info.presets) if (has.has(`app:preset:${preset.name}`)) groups.push({ main: `app:preset:${preset.name}`, ids: [`app:preset:${preset.name}`, 'app:empty'] })
    const collected = {}
    const push = (size, id, key, value) => (((collected[size] ??= {})[id] ??= {})[key] ??= []).push(value)
    for (const [g, group] of groups.entries()) {
      const started = performance.now()
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 ? [...group.ids].reverse() : group.ids
        const sizes = round % 2 ? [...SIZES].reverse() : SIZES
        for (const [w, h] of sizes) {
          const size = `${w}x${h}`
          try {
            const measuredAt = performance.now()
            const byId = await withTimeout(page.evaluate(([ids, sz, s]) => window.dreamBench.measureGroup(ids, sz, s), [order, [w, h], SAMPLE]), 300_000, `${group.main} at ${size}`)
            if (process.env.BENCH_VERBOSE) log(`  ${group.main} ${size} ${((performance.now() - measuredAt) / 1000).toFixed(1)} s`)
            for (const [id, result] of Object.entries(byId)) {
              // raw baselines and empties belong to the group they were measured in
              const key = id === group.main ? group.main : `${group.main}|${id}`
              push(size, key, 'ms', result.median)
              if (result.resources) ((collected[size] ??= {})[key] ??= {}).resources = result.resources
            }
          } catch (error) {
            log(`  ${group.main} at ${size}: ${String(error).slice(0, 200)}`)
          }
        }
      }
      for (const [w, h] of SIZES) {
        const size = `${w}x${h}`
        for (const id of group.ids) {
          const key = id === group.main ? group.main : `${group.main}|${id}`
          const entry = collected[size]?.[key]
          if (!entry) continue
          frames[size][key] = { ms: median(entry.ms ?? []), rounds: entry.ms ?? [], setupMs: median(entry.setupMs ?? []), ...(entry.resources ? { resources: entry.resources } : {}) }
        }
      }
      savePartial()
      log(`group ${g + 1}/${groups.length} ${group.main}: ${((performance.now() - started) / 1000).toFixed(1)} s`)
    }
  }

  // ------------------------------------------------------------------ flash limiter on vs off
  if (PHASES.has('limiter')) {
    const iterations = quick ? 7 : 21
    results.limiter = { iterations, sizes: {} }
    for (const [w, h] of SIZES) {
      const r = await withTimeout(page.evaluate(([sz, n]) => window.dreamBench.limiterCost(sz, n), [[w, h], iterations]), 300_000, `limiter at ${w}x${h}`)
      results.limiter.sizes[`${w}x${h}`] = r
      log(`limiter ${w}x${h}: on ${r.onMs.toFixed(2)} ms, off ${r.offMs.toFixed(2)} ms: the limiter costs ${r.limiterMs.toFixed(2)} ms (${(r.ratio * 100).toFixed(0)}% of the empty output stage)`)
    }
    savePartial()
  }

  // ------------------------------------------------------------------ paired backdrop overhead
  if (PHASES.has('paired')) {
    const iterations = quick ? 5 : 11
    results.paired = { iterations, sizes: {} }
    for (const [w, h] of SIZES) {
      const size = `${w}x${h}`
      results.paired.sizes[size] = {}
      for (const { type, kind } of info.layerTypes) {
        if (kind !== 'backdrop' || (PAIRED_TYPES && !PAIRED_TYPES.has(type))) continue
        const started = performance.now()
        results.paired.sizes[size][type] = await withTimeout(page.evaluate(([t, sz, n]) => window.dreamBench.pairedOverhead(t, sz, n), [type, [w, h], iterations]), 600_000, `paired ${type} at ${size}`)
        log(`paired ${type} ${size}: ratio ${results.paired.sizes[size][type].ratio.toFixed(2)} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
      }
    }
    // what fusion saves: the report's stack, and every backdrop type at once
    const backdrops = info.layerTypes.filter((t) => t.kind === 'backdrop').map((t) => t.type)
    results.paired.stacks = {}
    for (const types of PAIRED_TYPES ? (PAIRED_TYPES.has('stack') ? [info.stack] : []) : [info.stack, backdrops]) {
      const name = types.join('+')
      results.paired.stacks[name] = {}
      for (const [w, h] of SIZES) {
        const size = `${w}x${h}`
        const result = await withTimeout(page.evaluate(([t, sz, n]) => window.dreamBench.pairedStack(t, sz, n), [types, [w, h], iterations]), 900_000, `paired stack at ${size}`)
        results.paired.stacks[name][size] = result
        log(`paired stack ${name} ${size}: fused ${result.fusedMs.toFixed(1)} ms, separate ${result.separateMs.toFixed(1)} ms, saved ${result.savedMs.toFixed(1)} ms (raw ${result.rawSavedMs.toFixed(1)} ms)`)
      }
    }
    savePartial()
  }

  // ------------------------------------------------------------------ CPU and allocations
  if (PHASES.has('cpu')) {
    log('CPU per frame')
    results.cpu = {
      steady: await page.evaluate(() => window.dreamBench.cpu(200, false)),
      sliderEveryFrame: await page.evaluate(() => window.dreamBench.cpu(200, true)),
    }
    savePartial()
  }
  if (PHASES.has('heap')) {
  log('heap over 600 frames')
  const cdp = await context.newCDPSession(page)
  await cdp.send('HeapProfiler.enable')
  await page.evaluate(() => window.dreamBench.prepareHeap())
  await page.evaluate(() => window.dreamBench.runFrames(120)) // steady state before measuring
  await cdp.send('HeapProfiler.collectGarbage')
  const heapBefore = await cdp.send('Runtime.getHeapUsage')
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
  await page.evaluate(() => window.dreamBench.runFrames(600))
  const { profile } = await cdp.send('HeapProfiler.stopSampling')
  await cdp.send('HeapProfiler.collectGarbage')
  const heapAfter = await cdp.send('Runtime.getHeapUsage')
  // The bench bundle is unminified and marks each module with a "// <path>" line: map lines back to modules.
  const markers = new Map()
  const moduleAt = (url, line) => {
    const file = url.replace(/^.*\/bench\/assets\//, '')
    if (!url.includes('/bench/assets/')) return url ? url.replace(/^.*\//, '') : '(native)'
    if (!markers.has(file)) {
      const lines = readFileSync(path.join(tmp, 'bench-dist/assets', file), 'utf8').split('\n')
      markers.set(file, lines.flatMap((text, i) => (/^\/\/ [\w@.\\/-]+\.[\w?=&]+$/.test(text) ? [[i, text.slice(3).replace(/^\0/, '')]] : [])))
    }
    let found = '(bundle)'
    for (const [at, name] of markers.get(file)) if (at <= line) found = name
    return found.replace(/^node_modules\//, '')
  }
  const sites = new Map()
  const byModule = new Map()
  let sampled = 0
  const walk = (node, stack) => {
    const frame = node.callFrame
    const label = `${frame.functionName || '(anonymous)'} (${moduleAt(frame.url, frame.lineNumber)})`
    const here = [...stack, label]
    if (node.selfSize > 0) {
      sampled += node.selfSize
      const key = here.slice(-3).join(' < ')
      sites.set(key, (sites.get(key) ?? 0) + node.selfSize)
      const mod = moduleAt(frame.url, frame.lineNumber)
      byModule.set(mod, (byModule.get(mod) ?? 0) + node.selfSize)
    }
    for (const child of node.children ?? []) walk(child, here)
  }
  walk(profile.head, [])
  results.heap = {
    frames: 600,
    sampledBytesAllocated: sampled,
    bytesPerFrame: Math.round(sampled / 600),
    retainedGrowthBytes: heapAfter.usedSize - heapBefore.usedSize,
    byModule: [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([module, bytes]) => ({ module, bytesPerFrame: Math.round(bytes / 600) })),
    topSites: [...sites].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([site, bytes]) => ({ site, bytesPerFrame: Math.round(bytes / 600) })),
  }
  savePartial()
  }

  // ------------------------------------------------------------------ time to first frame
  if (PHASES.has('ttff')) {
  log('time to first frame')
  const viewerPreset = info.presets.find((p) => p.layers.length > 0 && !p.error)?.name
  const payload = viewerPreset ? await page.evaluate((n) => window.dreamBench.linkPayload(n), viewerPreset) : null
  const hasViewer = existsSync(path.join(root, 'src/viewer/index.tsx')) && payload
  const targets = {
    minimal: `${base}/minimal/bench/minimal.html`,
    [hasViewer ? 'viewer' : 'editor']: hasViewer ? `${base}/app/index.html#d=${payload}` : `${base}/app/index.html`,
  }
  const firstFrameScript = () => {
    const original = HTMLCanvasElement.prototype.getContext
    let drawn = false
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      const ctx = original.call(this, type, ...rest)
      if (ctx && (type === 'webgl2' || type === 'webgl') && !ctx.__benchWrapped) {
        ctx.__benchWrapped = true
        for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
          const draw = ctx[name]
          ctx[name] = function (...drawArgs) {
            const out = draw.apply(this, drawArgs)
            if (!drawn && this.getParameter(this.FRAMEBUFFER_BINDING) === null) {
              drawn = true
              window.__firstDrawAt = performance.now()
              requestAnimationFrame(() => (window.__firstFrameAt = performance.now()))
            }
            return out
          }
        }
      }
      return ctx
    }
  }
  const ttff = Object.fromEntries(Object.keys(targets).map((k) => [k, []]))
  const ttffRounds = quick ? 2 : 3
  for (let round = 0; round < ttffRounds; round++) {
    const names = round % 2 ? Object.keys(targets).reverse() : Object.keys(targets)
    for (const name of names) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } })
      await ctx.addInitScript(firstFrameScript)
      const p = await ctx.newPage()
      await p.goto(targets[name], { waitUntil: 'commit' })
      const at = await p
        .waitForFunction(() => window.__firstFrameAt, null, { timeout: 60_000, polling: 50 })
        .then((h) => h.jsonValue())
        .catch(() => Number.NaN)
      ttff[name].push(at)
      await ctx.close()
    }
  }
  results.firstFrame = {
    viewerPreset: hasViewer ? viewerPreset : null,
    measuredRoute: hasViewer ? 'viewer (index.html#d=...)' : 'editor (no viewer route yet)',
    ms: Object.fromEntries(Object.entries(ttff).map(([k, v]) => [k, median(v)])),
    rounds: ttff,
  }
  savePartial()
  }

  // ------------------------------------------------------------------ adaptive quality
  if (PHASES.has('adaptive') && !args.includes('--skip-adaptive') && info.presets.length) {
    // The heaviest preset at the first size. The app's default target is 30 fps; a software renderer cannot
    // reach that on a heavy preset even at the lowest quality, so there the target is one it can reach (twice the
    // full-quality rate of the frames phase, which draws stills): the point is that the governor gets there and holds it.
    const [width, height] = SIZES[0]
    const small = `${width}x${height}`
    // frames measured in this run, or in the last full run when only some phases run now
    const previousFrames = existsSync(path.join(root, 'bench/results.json')) ? JSON.parse(readFileSync(path.join(root, 'bench/results.json'), 'utf8')).frames : {}
    const frameMs = (name) => frames[small]?.[`app:preset:${name}`]?.ms ?? previousFrames?.[small]?.[`app:preset:${name}`]?.ms ?? 0
    const heaviest = info.presets
      .filter((p) => !p.error)
      .map((p) => ({ name: p.name, ms: frameMs(p.name) }))
      .sort((a, b) => b.ms - a.ms)[0]
    const software = /swiftshader|llvmpipe|software/i.test(info.renderer)
    const fpsArg = args.find((a) => a.startsWith('--adaptive-fps='))
    const targetFps = fpsArg ? Number(fpsArg.slice(15)) : software ? Math.min(30, Math.max(3, Math.round(2000 / (heaviest.ms || 333)))) : 30
    const seconds = quick ? 45 : 120
    log(`adaptive quality: ${heaviest.name} (${heaviest.ms?.toFixed(1)} ms/frame at ${small}), target ${targetFps} fps, ${seconds} s`)
    results.adaptive = {
      preset: heaviest.name,
      fullQualityMs: heaviest.ms,
      size: small,
      software,
      targetFps,
      seconds,
      ...(await page.evaluate(([n, w, h, t, s]) => window.dreamBench.adaptive(n, w, h, t, s), [heaviest.name, width, height, targetFps, seconds])),
    }
    savePartial()
  }
  results.consoleErrors = consoleErrors.slice(0, 20)
} finally {
  await browser.close()
  server.closeAllConnections()
  server.close()
}

results.bundle = {
  buildMs: bundle.buildMs,
  routes: Object.fromEntries(
    Object.entries(bundle.routes).map(([name, route]) => [
      name,
      route && {
        gzip: route.gzip,
        bytes: route.bytes,
        chunks: route.chunks,
        dependencies: route.dependencies,
        hasLeva: route.modules.some((m) => m.includes('node_modules/leva/')),
        hasEditorCode: route.modules.some((m) => m.startsWith('src/editor/')),
      },
    ]),
  ),
  css: bundle.css,
}
results.durationSeconds = Math.round((performance.now() - t0) / 1000)
results.loadAverageAtEnd = os.loadavg()

mkdirSync(path.join(root, 'bench'), { recursive: true })
// --only=...: re-measure some phases and keep the others from the last full run (the report says which is which)
const resultsFile = path.join(root, 'bench/results.json')
let output = results
if (onlyArg && existsSync(resultsFile)) {
  const previous = JSON.parse(readFileSync(resultsFile, 'utf8'))
  const keyOf = { cost: 'cost', frames: 'frames', paired: 'paired', cpu: 'cpu', heap: 'heap', ttff: 'firstFrame', adaptive: 'adaptive', limiter: 'limiter' }
  // what the page reports about itself (layer types, presets) is always this run's
  output = { ...previous, bundle: results.bundle, layerTypes: results.layerTypes ?? previous.layerTypes, presets: results.presets ?? previous.presets }
  for (const phase of PHASES) if (keyOf[phase] && results[keyOf[phase]] !== undefined) output[keyOf[phase]] = results[keyOf[phase]]
  const update = { phases: [...PHASES], startedAt: results.startedAt, durationSeconds: results.durationSeconds, loadAverageAtStart: results.loadAverageAtStart }
  output.updates = [...(previous.updates ?? []), update]
}
writeFileSync(resultsFile, JSON.stringify(output, null, 2) + '\n')
writeReport(output, path.join(root, 'bench/REPORT.md'))
log(`wrote bench/results.json and bench/REPORT.md in ${results.durationSeconds} s`)
// done: the build tools and the page server can leave handles that would keep node (and npm run bench) waiting
process.exit(0)
