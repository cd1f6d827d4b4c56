/**
 * Look check for cost work (issue 14): renders cases as stills, keeps them as PNGs, and compares a later run
 * with SSIM (ssim.js, as the reference-mode test does), so a cheaper shader can prove it shows the same picture.
 * Served by vite's dev server (no builds); writes only into the directory given.
 *
 *   node scripts/look-check.mjs --save <dir>    [options] case ...   keep the pictures (e.g. before a change)
 *   node scripts/look-check.mjs --compare <dir> [options] case ...   SSIM of this run against them (new PNGs in <dir>/new)
 *   options: --size=640x360  --times=3,6,12  --live (as the playing loop draws, amortised)  --warm=8 (live frames
 *            before the captured one)  --step=0.0167 (dream seconds between them; the bench's are 0.05)  --reference
 *   cases: preset:<name> | layer:<type> | presets (every built-in preset)
 */
import { openDevBenchPage, root } from './devBenchPage.mjs'
import { PNG } from 'pngjs'
import ssimModule from 'ssim.js'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const ssim = ssimModule.ssim ?? ssimModule.default?.ssim ?? ssimModule
const args = process.argv.slice(2)
const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
const flagValue = (name) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const saveDir = flagValue('save')
const compareDir = flagValue('compare')
const [width, height] = option('size', '640x360').split('x').map(Number)
const times = option('times', '3,6,12').split(',').map(Number)
const live = args.includes('--live')
const warm = Number(option('warm', '8'))
const step = Number(option('step', String(1 / 60)))
const suffix = args.includes('--reference') ? '@reference' : ''
let ids = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--save' && args[i - 1] !== '--compare')
if (!saveDir === !compareDir || ids.length === 0) {
  console.error('usage: node scripts/look-check.mjs (--save <dir> | --compare <dir>) [--size=WxH] [--times=3,6,12] [--live] [--reference] case ...')
  process.exit(2)
}
if (ids.includes('presets'))
  ids = [...ids.filter((id) => id !== 'presets'), ...readdirSync(path.join(root, 'presets')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).map((f) => `preset:${f.slice(0, -5)}`)]

const fileName = (id, time) => `${id.replace(/[^a-z0-9-]+/gi, '_')}@${time}.png`
function toPng(base64) {
  const rows = Buffer.from(base64, 'base64')
  const png = new PNG({ width, height })
  const stride = width * 4
  for (let y = 0; y < height; y++) rows.copy(png.data, y * stride, (height - 1 - y) * stride, (height - y) * stride) // bottom-up -> top-down
  return png
}

const { page, close } = await openDevBenchPage()
let lowest = 1
try {
  const outDir = saveDir ?? path.join(compareDir, 'new')
  mkdirSync(outDir, { recursive: true })
  for (const id of ids) {
    const frames = await page.evaluate(([list, size, t, l, w, s]) => window.dreamBench.stills(list, size, t, l, w, s), [[id + suffix], [width, height], times, live, warm, step])
    frames[id + suffix].forEach((base64, i) => {
      const png = toPng(base64)
      const name = fileName(id, times[i])
      writeFileSync(path.join(outDir, name), PNG.sync.write(png))
      if (!compareDir) return console.log(`saved ${name}`)
      const before = PNG.sync.read(readFileSync(path.join(compareDir, name)))
      const { mssim } = ssim({ data: before.data, width, height }, { data: png.data, width, height })
      lowest = Math.min(lowest, mssim)
      console.log(`${name.padEnd(56)} SSIM ${mssim.toFixed(4)}`)
    })
  }
  if (compareDir) console.log(`lowest SSIM ${lowest.toFixed(4)} (new pictures in ${outDir})`)
} finally {
  await close()
}
