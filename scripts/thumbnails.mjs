#!/usr/bin/env node
// Regenerates the gallery thumbnails: presets/thumbnails/<name>.png for every presets/<name>.json, drawn by the
// same headless path as `dreamscape render` (one Vite server and one Chromium for all of them).
//   npm run thumbnails [-- --size 320x180 --time 12 [names...]]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createModuleLoader } from '../bin/viteLoader.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 && i + 1 < args.length ? args.splice(i, 2)[1] : fallback
}
const size = option('--size', '320x180')
const time = Number(option('--time', '12'))
const only = new Set(args)

// The render code is TypeScript importing GLSL: load it the way bin/dreamscape.mjs does.
const loader = await createModuleLoader(root)

let renderer
let failed = 0
try {
  const { startHeadlessRenderer, parseSize } = await loader.ssrLoadModule('/src/cli/render.ts')
  const { loadPreset } = await loader.ssrLoadModule('/src/preset/load.ts')
  const { registry } = await loader.ssrLoadModule('/src/layers/index.ts')
  const dimensions = parseSize(size)
  if (!dimensions) throw new Error(`--size takes WIDTHxHEIGHT (got "${size}")`)
  const names = (await readdir(resolve(root, 'presets')))
    .filter((file) => file.endsWith('.json') && !file.endsWith('.schema.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .filter((name) => only.size === 0 || only.has(name))
    .sort()
  const outDir = resolve(root, 'presets/thumbnails')
  await mkdir(outDir, { recursive: true })
  renderer = await startHeadlessRenderer({ root, log: (text) => process.stdout.write(`${text}\n`) })
  for (const name of names) {
    const loaded = loadPreset(await readFile(resolve(root, 'presets', `${name}.json`), 'utf8'), { registry })
    if (!loaded.ok) {
      failed++
      process.stderr.write(`error ${name}: ${loaded.error.message}\n`)
      continue
    }
    const started = Date.now()
    try {
      const { png } = await renderer.render({ document: loaded.document, ...dimensions, time })
      await writeFile(resolve(outDir, `${name}.png`), png)
      process.stdout.write(`wrote presets/thumbnails/${name}.png (${Math.round(png.length / 1024)} KiB, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
    } catch (error) {
      failed++
      process.stderr.write(`error ${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    }
  }
} finally {
  await renderer?.close()
  await loader.close()
}
process.exitCode = failed ? 1 : 0
