#!/usr/bin/env node
// Byte-identity check for refactors: renders every built-in preset (presets/*.json) with the CLI
// (`dreamscape render --time 6 --size 640x360`) into a directory and prints the SHA-256 of each PNG. With
// `--compare <dir>` (the directory of another run, e.g. from a git worktree at the commit before the
// refactor) it says, preset by preset, whether the bytes are the same, and exits 1 when any differ.
//
//   node scripts/render-identity.mjs [--out <dir>] [--compare <dir>] [--time 6] [--size 640x360] [--only a,b]
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const HASHES = 'hashes.json'

function parse(argv) {
  const options = { time: '6', size: '640x360', out: undefined, compare: undefined, only: undefined }
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]
    const key = { '--out': 'out', '--compare': 'compare', '--time': 'time', '--size': 'size', '--only': 'only' }[name]
    if (!key || argv[i + 1] === undefined) throw new Error(`unknown option or missing value: ${name}\nusage: node scripts/render-identity.mjs [--out <dir>] [--compare <dir>] [--time 6] [--size 640x360] [--only a,b]`)
    options[key] = argv[++i]
  }
  if (!/^\d+x\d+$/.test(options.size)) throw new Error(`--size takes WIDTHxHEIGHT (got "${options.size}")`)
  if (!(Number(options.time) >= 0)) throw new Error(`--time takes seconds, 0 or more (got "${options.time}")`)
  return options
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

/** The hashes of a directory: its hashes.json, or else the SHA-256 of each PNG in it. */
async function hashesOf(dir) {
  const file = join(dir, HASHES)
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8'))
  const hashes = {}
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.png')).sort()) hashes[basename(name, '.png')] = sha256(await readFile(join(dir, name)))
  return hashes
}

async function main() {
  const options = parse(process.argv.slice(2))
  const only = options.only?.split(',').map((name) => name.trim())
  const presets = (await readdir(join(root, 'presets')))
    .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
    .map((name) => basename(name, '.json'))
    .filter((name) => !only || only.includes(name))
    .sort()
  if (presets.length === 0) throw new Error('no presets to render')
  const out = options.out ? resolve(options.out) : await mkdtemp(join(tmpdir(), 'render-identity-'))
  await mkdir(out, { recursive: true })
  console.log(`rendering ${presets.length} presets at t = ${options.time} s, ${options.size}, into ${out}`)

  const hashes = {}
  const failed = []
  for (const name of presets) {
    const png = join(out, `${name}.png`)
    const args = [join(root, 'bin/dreamscape.mjs'), 'render', join(root, 'presets', `${name}.json`), '--out', png, '--size', options.size, '--time', options.time]
    const started = Date.now()
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
    if (run.status !== 0 || !existsSync(png)) {
      failed.push(name)
      console.log(`FAILED  ${name}: ${(run.stderr || run.stdout || `exit ${run.status}`).trim().split('\n').slice(-3).join(' / ')}`)
      continue
    }
    hashes[name] = sha256(await readFile(png))
    console.log(`${hashes[name]}  ${name}  (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  }
  await writeFile(join(out, HASHES), `${JSON.stringify(hashes, null, 2)}\n`)

  let differ = failed.length
  if (options.compare) {
    const other = await hashesOf(resolve(options.compare))
    console.log(`\ncompared with ${resolve(options.compare)}:`)
    for (const name of presets) {
      if (!(name in hashes)) continue
      const verdict = !(name in other) ? 'MISSING there' : other[name] === hashes[name] ? 'same' : 'DIFFERENT'
      if (verdict !== 'same') differ++
      console.log(`${verdict.padEnd(13)} ${name}`)
    }
    const same = presets.filter((name) => name in hashes && other[name] === hashes[name]).length
    console.log(`${same} of ${presets.length} byte-identical${failed.length ? `; ${failed.length} failed to render` : ''}`)
  } else if (failed.length) console.log(`${failed.length} failed to render`)
  process.exit(differ > 0 ? 1 : 0)
}

main().catch((error) => {
  console.error(`render-identity: ${error.message}`)
  process.exit(2)
})
