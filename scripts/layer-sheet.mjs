#!/usr/bin/env node
// Regenerates docs/layers.jpg: every registered layer type at its defaults, 320x180 at t = 3 s with a still camera,
// drawn by the same headless path as `dreamscape render`. Layers that only read over something are drawn over
// what they need (effects over a small night scene, the lake over sky, stars and hills, things floating in the
// air over a sky); the rest alone. Laid out four a row with ImageMagick's montage.
//   node scripts/layer-sheet.mjs [--out docs/layers.jpg] [--tiles DIR] [types...]
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
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
const out = resolve(process.cwd(), option('--out', resolve(root, 'docs/layers.jpg')))
const tilesOption = option('--tiles', undefined)
const only = new Set(args)
const SIZE = { width: 320, height: 180 }
const TIME = 3
const SEED = 7
const NIGHT_SCENE = ['sky', 'nebula', 'stars', 'terrain']
const UNDER = { water: ['sky', 'stars', 'terrain'], islands: ['sky'], fireflies: ['sky'], rain: ['sky'] }

if (spawnSync('montage', ['-version']).status !== 0) {
  process.stderr.write('layer-sheet: needs ImageMagick (montage) on the PATH to lay the stills out\n')
  process.exit(1)
}

const loader = await createModuleLoader(root)
const tilesDir = tilesOption ? resolve(process.cwd(), tilesOption) : await mkdtemp(join(tmpdir(), 'layer-sheet-'))
await mkdir(tilesDir, { recursive: true })

let renderer
let failed = 0
const tiles = []
try {
  const { startHeadlessRenderer } = await loader.ssrLoadModule('/src/cli/render.ts')
  const { registry } = await loader.ssrLoadModule('/src/layers/index.ts')
  const { createDocument } = await loader.ssrLoadModule('/src/core/document.ts')
  const { setScene } = await loader.ssrLoadModule('/src/core/documentOps.ts')
  renderer = await startHeadlessRenderer({ root, log: (text) => process.stdout.write(`${text}\n`) })
  const types = registry.all.filter((layerType) => only.size === 0 || only.has(layerType.type))
  for (const layerType of [...types].sort((a, b) => a.type.localeCompare(b.type))) {
    const under = layerType.kind === 'effect' ? NIGHT_SCENE : (UNDER[layerType.type] ?? [])
    const document = setScene(createDocument(registry, [...under, layerType.type], SEED), { cameraMotion: 'still' })
    try {
      const { png } = await renderer.render({ document, ...SIZE, time: TIME })
      const file = join(tilesDir, `${layerType.type}.png`)
      await writeFile(file, png)
      tiles.push({ file, caption: layerType.type })
      process.stdout.write(`${layerType.type}\n`)
    } catch (error) {
      failed++
      process.stderr.write(`error ${layerType.type}: ${error instanceof Error ? error.message : String(error)}\n`)
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
      '-tile', '4x', '-geometry', `${SIZE.width}x${SIZE.height}+4+4`, '-background', '#0c0b1e', '-fill', '#d8d8e8', '-pointsize', '14',
      '-quality', '88', out,
    ],
    { stdio: 'inherit' },
  )
  if (montage.status !== 0) failed++
  else process.stdout.write(`wrote ${out} (${tiles.length} layer types)\n`)
}
if (!tilesOption) await rm(tilesDir, { recursive: true, force: true })
process.exitCode = failed ? 1 : 0
