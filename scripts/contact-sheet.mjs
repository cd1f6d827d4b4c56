#!/usr/bin/env node
// Regenerates docs/contact-sheet.jpg: every built-in preset at 640x360 at 4 s and 14 s (a crash preset also
// mid-way through each phase of its first cycle after the calm), drawn by the same headless path as
// `dreamscape render`, then laid out four tiles a row with ImageMagick's montage.
//   node scripts/contact-sheet.mjs [--out docs/contact-sheet.jpg] [--tiles DIR] [--size 640x360] [names...]
// --tiles keeps the stills (DIR/<name>-<time>.png) to look at one by one; without it they go to a temporary folder.
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createModuleLoader } from '../bin/viteLoader.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 && i + 1 < args.length ? args.splice(i, 2)[1] : fallback
}
const out = resolve(process.cwd(), option('--out', resolve(root, 'docs/contact-sheet.jpg')))
const tilesOption = option('--tiles', undefined)
const size = option('--size', '640x360')
const only = new Set(args)
const MOMENTS = [4, 14]

if (spawnSync('montage', ['-version']).status !== 0) {
  process.stderr.write('contact-sheet: needs ImageMagick (montage) on the PATH to lay the stills out\n')
  process.exit(1)
}

const loader = await createModuleLoader(root)
const tilesDir = tilesOption ? resolve(process.cwd(), tilesOption) : await mkdtemp(join(tmpdir(), 'contact-sheet-'))
await mkdir(tilesDir, { recursive: true })

let renderer
let failed = 0
const tiles = []
try {
  const { startHeadlessRenderer, parseSize } = await loader.ssrLoadModule('/src/cli/render.ts')
  const { loadPreset } = await loader.ssrLoadModule('/src/preset/load.ts')
  const { registry } = await loader.ssrLoadModule('/src/layers/index.ts')
  const { crashSchedule, crashState, CRASH_PHASES, MIN_BURST_GAP } = await loader.ssrLoadModule('/src/core/crash.ts')
  const dimensions = parseSize(size)
  if (!dimensions) throw new Error(`--size takes WIDTHxHEIGHT (got "${size}")`)
  const names = (await readdir(resolve(root, 'presets')))
    .filter((file) => file.endsWith('.json') && !file.endsWith('.schema.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .filter((name) => only.size === 0 || only.has(name))
    .sort()
  renderer = await startHeadlessRenderer({ root, log: (text) => process.stdout.write(`${text}\n`) })
  for (const name of names) {
    const loaded = loadPreset(await readFile(resolve(root, 'presets', `${name}.json`), 'utf8'), { registry })
    if (!loaded.ok) {
      failed++
      process.stderr.write(`error ${name}: ${loaded.error.message}\n`)
      continue
    }
    const { document } = loaded
    const scene = document.scene
    const crashing = scene.crashMode && scene.crashMode !== 'off'
    let moments = MOMENTS.map((time) => ({ time, label: '' }))
    if (crashing) {
      // the calm, then the middle of every later phase of the first cycle: the crash told phase by phase
      const schedule = crashSchedule(document.seed, scene.crashPeriod, 0, MIN_BURST_GAP * (scene.speed ?? 1))
      const middles = CRASH_PHASES.slice(1).map((_, i) => {
        const start = schedule.starts[i + 1]
        const end = schedule.starts[i + 2] ?? schedule.period
        return Math.round(((start + end) / 2) * 2) / 2
      })
      moments = [MOMENTS[0], ...middles].map((time) => ({ time, label: `, ${crashState(scene, document.seed, time).phase}` }))
    }
    for (const { time, label } of moments) {
      const started = Date.now()
      try {
        const { png } = await renderer.render({ document, ...dimensions, time })
        const file = join(tilesDir, `${name}-${time}.png`)
        await writeFile(file, png)
        tiles.push({ file, caption: `${document.meta.title}  (t = ${time} s${label})` })
        process.stdout.write(`${name} t=${time}${label} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
      } catch (error) {
        failed++
        process.stderr.write(`error ${name} t=${time}: ${error instanceof Error ? error.message : String(error)}\n`)
      }
    }
  }
} finally {
  await renderer?.close()
  await loader.close()
}

if (tiles.length > 0) {
  const montage = spawnSync(
    'montage',
    [
      ...tiles.flatMap(({ file, caption }) => ['-label', caption, file]),
      '-tile', '4x', '-geometry', `${size}+4+4`, '-background', '#161616', '-fill', '#d8d8d8', '-pointsize', '13',
      '-quality', '86', out,
    ],
    { stdio: 'inherit' },
  )
  if (montage.status !== 0) failed++
  else process.stdout.write(`wrote ${out} (${tiles.length} stills)\n`)
}
if (!tilesOption) await rm(tilesDir, { recursive: true, force: true })
process.exitCode = failed ? 1 : 0
