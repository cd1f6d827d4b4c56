/**
 * The package as a stranger gets it: `npm pack` (which builds it through `prepack`), install the tarball into a
 * fresh scratch project, then
 *   1. run the `dreamscape` command from node_modules/.bin and make a link of a built-in preset;
 *   2. import `dreamscape/preset` in plain Node with three, react and postprocessing REMOVED from the scratch
 *      project's node_modules, and decode that link;
 *   3. bundle a page using <dream-scape> with Vite and check in Chromium that it draws;
 *   4. hold the size budgets: `dreamscape/preset` <= 40 KiB gzip, the element page <= the viewer's budget.
 * Offline-safe: npm installs from its cache (--prefer-offline).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, statSync, mkdirSync, copyFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, type Rolldown } from 'vite'
import { registry } from '../../src/layers'
import { loadPresetOrThrow } from '../../src/preset/load'
import { canonicalJson } from '../../src/preset/serialize'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const KIB = 1024
export const PRESET_GZIP_BUDGET = 40 * KIB
/** The viewer's budget, read from the test that owns it (importing that test file would run its tests here). */
const VIEWER_BUDGET = (() => {
  const source = readFileSync(join(root, 'tests/unit/quality-bundle-budget.test.ts'), 'utf8')
  const match = /VIEWER_INITIAL_GZIP_BUDGET = (\d+) \* 1024/.exec(source)
  if (!match) throw new Error('VIEWER_INITIAL_GZIP_BUDGET not found in quality-bundle-budget.test.ts')
  return Number(match[1]) * KIB
})()
const PRESET_FILE = 'unfiltered-night-sky.json'
/** Modules `dreamscape/preset` must never need. */
const FORBIDDEN = ['three', 'react', 'react-dom', 'postprocessing', '@react-three']

const gzip = (bytes: Buffer | string) => gzipSync(bytes, { level: 9 }).length
const jsFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js')).map((file) => join(dir, file))

let scratch: string
let project: string
let tarball: string

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'dreamscape-package-'))
  project = join(scratch, 'project')
  mkdirSync(project)
  // vitest runs with NODE_ENV=test; the build and npm must not inherit it
  const env = { ...process.env, NODE_ENV: 'production' }
  const { stdout } = await run('npm', ['pack', '--pack-destination', scratch, '--json', '--ignore-scripts=false'], { cwd: root, env, maxBuffer: 64 * 1024 * 1024 })
  const packed = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[]
  tarball = join(scratch, packed[0]!.filename)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }))
  // playwright-core: the optional peer `dreamscape render` drives Chromium with
  await run('npm', ['install', tarball, 'playwright-core@1.65.1', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, env, maxBuffer: 64 * 1024 * 1024 })
}, 420_000) // pack (a full package build) + install: ~60 s on a quiet machine, 3+ min under heavy load

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
}, 120_000)

describe('npm pack -> npm install <tarball> in a fresh project', () => {
  let link = ''

  it('ships the build, the command and the presets, and not the sources', () => {
    const installed = join(project, 'node_modules/dreamscape')
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
    expect(pkg.private).toBeUndefined()
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './preset', './element']))
    for (const entry of ['dist/package/index.js', 'dist/package/preset.js', 'dist/package/element.js', 'dist/package/cli/main.js', 'dist/package/types/package/preset.d.ts'])
      expect(statSync(join(installed, entry)).isFile(), entry).toBe(true)
    expect(() => statSync(join(installed, 'src'))).toThrow()
  })

  it('runs the `dreamscape` command from node_modules/.bin', async () => {
    const bin = join(project, 'node_modules/.bin/dreamscape')
    const { stdout } = await run(bin, ['link', `node_modules/dreamscape/presets/${PRESET_FILE}`], { cwd: project, timeout: 60_000 })
    link = stdout.trim().split('\n').pop()!.trim()
    expect(link).toMatch(/d=[1-9][A-Za-z0-9_-]+/)
  })

  it('renders a frame-exact video with the installed command (its built render page, no sources)', async () => {
    const bin = join(project, 'node_modules/.bin/dreamscape')
    const out = join(scratch, 'installed.mp4')
    const { stdout } = await run(bin, ['render', `node_modules/dreamscape/presets/${PRESET_FILE}`, '--video', out, '--duration', '0.5', '--fps', '8', '--size', '160x90'], {
      cwd: project,
      timeout: 150_000,
    })
    expect(stdout).toMatch(/wrote .*installed\.mp4 \(160x90, 4 frames at 8 fps/)
    const script = `
      import { readFileSync } from 'node:fs'
      import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny'
      const input = new Input({ source: new BufferSource(readFileSync(process.argv[1])), formats: ALL_FORMATS })
      const track = await input.getPrimaryVideoTrack()
      const sink = new EncodedPacketSink(track)
      let packets = 0
      for (let p = await sink.getFirstPacket(); p; p = await sink.getNextPacket(p)) packets++
      process.stdout.write(JSON.stringify({ packets, width: track.displayWidth }))`
    const counted = await run(process.execPath, ['--input-type=module', '-e', script, out], { cwd: join(project, 'node_modules/dreamscape') })
    expect(JSON.parse(counted.stdout)).toEqual({ packets: 4, width: 160 })
  }, 180_000)

  it('imports dreamscape/preset in plain Node without three or react and decodes the built-in link', async () => {
    expect(link).not.toBe('')
    const hidden: string[] = []
    for (const name of FORBIDDEN) {
      const dir = join(project, 'node_modules', name)
      try {
        renameSync(dir, `${dir}.hidden`)
        hidden.push(dir)
      } catch {
        // not installed: nothing to hide
      }
    }
    expect(hidden.length).toBeGreaterThanOrEqual(3)
    try {
      const script = `
        import { decodeLink, canonicalJson, registry, loadDocumentJsonSchema } from 'dreamscape/preset'
        const result = decodeLink(process.argv[1], { registry })
        if (!result.ok) throw result.error
        const schema = JSON.parse(await loadDocumentJsonSchema())
        process.stdout.write(JSON.stringify({ canonical: canonicalJson(result.document, { registry }), title: result.document.meta.title, layerTypes: schema.properties.layers.items.oneOf.length }))`
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, link], { cwd: project, timeout: 30_000 })
      const decoded = JSON.parse(stdout) as { canonical: unknown; title: string; layerTypes: number }
      // the same document the repository's own loader reads from the preset file
      const expected = loadPresetOrThrow(readFileSync(join(root, 'presets', PRESET_FILE), 'utf8'), { registry })
      expect(decoded.title).toBe(expected.meta.title)
      expect(decoded.canonical).toEqual(canonicalJson(expected, { registry }))
      expect(decoded.layerTypes).toBe(registry.all.length)
    } finally {
      for (const dir of hidden) renameSync(`${dir}.hidden`, dir)
    }
  })

  it(`keeps dreamscape/preset within ${PRESET_GZIP_BUDGET / KIB} KiB gzip (bundled with its dependencies)`, async () => {
    writeFileSync(join(project, 'preset-entry.js'), "import * as preset from 'dreamscape/preset'\nglobalThis.dreamscapePreset = preset\n")
    const result = await quietBuild({
      root: project,
      // an app build (not library mode, which inlines dynamic imports): what a site using the module ships
      build: { write: false, minify: true, rolldownOptions: { input: join(project, 'preset-entry.js') } },
    })
    const chunks = (Array.isArray(result) ? result : [result]).flatMap((output) => (output as Rolldown.RolldownOutput).output).filter((item) => item.type === 'chunk')
    // what `import ... from 'dreamscape/preset'` loads: the entry and its static imports; the JSON Schema
    // generator (loadDocumentJsonSchema) is a chunk of its own, loaded on demand
    const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
    const loaded = new Set<string>()
    const visit = (name: string) => {
      if (loaded.has(name)) return
      loaded.add(name)
      for (const imported of byName.get(name)?.imports ?? []) visit(imported)
    }
    visit(chunks.find((chunk) => chunk.isEntry)!.fileName)
    const modules = [...loaded].flatMap((name) => byName.get(name)!.moduleIds)
    for (const name of FORBIDDEN) expect(modules.filter((id) => id.includes(`node_modules/${name}/`)), `${name} must not be bundled`).toEqual([])
    expect(modules.some((id) => id.includes('node_modules/zod/')), 'the loader validates with zod').toBe(true)
    const size = gzip([...loaded].map((name) => byName.get(name)!.code).join('\n'))
    const lazy = chunks.filter((chunk) => !loaded.has(chunk.fileName)).reduce((sum, chunk) => sum + gzip(chunk.code), 0)
    console.log(`dreamscape/preset bundled: ${(size / KIB).toFixed(1)} KiB gzip; JSON Schema generator on demand: ${(lazy / KIB).toFixed(1)} KiB gzip`)
    expect(size).toBeLessThanOrEqual(PRESET_GZIP_BUDGET)
  })

  describe('a page using <dream-scape>, bundled by Vite', () => {
    let server: Server
    let origin = ''
    let pageGzip = 0
    beforeAll(async () => {
      mkdirSync(join(project, 'public'))
      copyFileSync(join(root, 'presets', PRESET_FILE), join(project, 'public', PRESET_FILE))
      writeFileSync(
        join(project, 'index.html'),
        `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
        <style>html,body{margin:0;background:rgb(0,255,0)} dream-scape{width:320px;height:180px;aspect-ratio:auto}</style></head>
        <body><dream-scape src="./${PRESET_FILE}"></dream-scape><script type="module" src="./main.js"></script></body></html>`,
      )
      writeFileSync(
        join(project, 'main.js'),
        `import 'dreamscape/element'
        const element = document.querySelector('dream-scape')
        window.events = []
        for (const type of ['load', 'error', 'contextlost']) element.addEventListener(type, (event) => window.events.push({ type, detail: event.detail ?? null }))`,
      )
      const outDir = join(scratch, 'page')
      await quietBuild({ root: project, base: './', build: { outDir, chunkSizeWarningLimit: 5000 } })
      pageGzip = jsFiles(outDir).reduce((sum, file) => sum + gzip(readFileSync(file)), 0)
      server = serveStatic(outDir)
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    }, 120_000)
    afterAll(() => {
      server?.closeAllConnections()
      server?.close()
    }, 30_000)

    it(`stays within the viewer's budget (${VIEWER_BUDGET / KIB} KiB gzip)`, () => {
      console.log(`<dream-scape> page JS: ${(pageGzip / KIB).toFixed(1)} KiB gzip`)
      expect(pageGzip).toBeGreaterThan(50 * KIB) // it really holds the renderer
      expect(pageGzip).toBeLessThanOrEqual(VIEWER_BUDGET)
    })

    it('draws in Chromium: role="img", a label from the title, a load event, pixels that are not one colour', async () => {
      const { chromium } = await import('playwright-core')
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'],
      })
      try {
        const page = await browser.newPage({ viewport: { width: 480, height: 320 } })
        const errors: string[] = []
        page.on('pageerror', (error) => errors.push(error.message))
        await page.goto(`${origin}/index.html`)
        await page.waitForFunction(() => (window as unknown as { events: { type: string }[] }).events.length > 0, undefined, { timeout: 60_000 })
        const events = await page.evaluate(() => (window as unknown as { events: { type: string }[] }).events)
        expect(events[0]!.type, JSON.stringify(events)).toBe('load')
        const title = JSON.parse(readFileSync(join(root, 'presets', PRESET_FILE), 'utf8')).meta.title as string
        const element = page.locator('dream-scape')
        expect(await element.getAttribute('role')).toBe('img')
        expect(await element.getAttribute('aria-label')).toBe(title)
        // drawing: the poster fades out and the canvas shows the dreamscape; on the green page background a
        // canvas that draws nothing would leave one colour
        let colours = 0
        const deadline = Date.now() + 90_000
        while (Date.now() < deadline) {
          const posterHidden = await page.evaluate(() => document.querySelector('dream-scape')!.shadowRoot!.querySelector('.poster')!.hasAttribute('data-hidden'))
          if (posterHidden) {
            await page.waitForTimeout(600) // the poster's fade
            colours = await distinctColours(page, await element.screenshot())
            if (colours > 16) break
          }
          await page.waitForTimeout(500)
        }
        expect(errors).toEqual([])
        expect(colours).toBeGreaterThan(16)
      } finally {
        await browser.close()
      }
    }, 150_000)
  })
})

async function quietBuild(config: Parameters<typeof build>[0]) {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    return await build({ configFile: false, envDir: false, logLevel: 'error', mode: 'production', ...config })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' }
function serveStatic(dir: string): Server {
  return createServer((request, response) => {
    const path = join(dir, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname))
    try {
      if (!path.startsWith(dir)) throw new Error('outside')
      const body = readFileSync(path)
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
      response.end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
}

/** Distinct colours in a PNG screenshot, decoded by the page itself (no PNG library needed). */
async function distinctColours(page: import('playwright-core').Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob())
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const context = canvas.getContext('2d')!
    context.drawImage(bitmap, 0, 0)
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height)
    const seen = new Set<number>()
    for (let i = 0; i < data.length; i += 4) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!)
    return seen.size
  }, png.toString('base64'))
}
