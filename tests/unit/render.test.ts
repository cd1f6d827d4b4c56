/**
 * The CLI render path end to end: Vite serving render.html, Debian Chromium drawing it headless. Slow
 * (a browser launch per render), so one file holds all of it.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDocument } from '../../src/core/document'
import { createJourney } from '../../src/core/journey'
import { registry } from '../../src/layers'
import { main, type CliIo } from '../../src/cli/main'
import { loadRenderSource, parseSize, renderWithin, RenderTimeoutError, startHeadlessRenderer } from '../../src/cli/render'
import { serializePreset } from '../../src/preset/serialize'
import { encodeJourneyLink } from '../../src/preset/journeyLink'

let dir: string
let presetPath: string
const output: string[] = []
const io: CliIo = {
  out: (text) => void output.push(text),
  err: (text) => void output.push(text),
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, text) => writeFile(path, text),
  stat: (path) => stat(path).then((info) => ({ size: info.size, isFile: info.isFile() }), () => undefined),
}

function dream() {
  const doc = createDocument(registry, ['sky', 'nebula', 'stars', 'terrain', 'bloom'], 4242)
  return { ...doc, meta: { ...doc.meta, title: 'Render test' } }
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dreamscape-render-'))
  presetPath = join(dir, 'dream.json')
  await writeFile(presetPath, serializePreset(dream(), { registry }))
})

describe('dreamscape render', () => {
  test('arguments are checked before anything starts', async () => {
    expect(parseSize('1920x1080')).toEqual({ width: 1920, height: 1080 })
    expect(parseSize('320×180')).toEqual({ width: 320, height: 180 })
    expect(parseSize('big')).toBeUndefined()
    output.length = 0
    expect(await main(['render', presetPath, '--size', 'huge'], io)).toBe(2)
    expect(await main(['render', presetPath, '--size', '7680x4320'], io)).toBe(2)
    expect(await main(['render', presetPath, '--time', '-1'], io)).toBe(2)
    expect(await main(['render'], io)).toBe(2)
    expect(await main(['render', join(dir, 'missing.json')], io)).toBe(1)
    expect(output.join('\n')).toMatch(/no such file/)
  })

  test('the same inputs write the same bytes, twice, from two browser launches', async () => {
    const first = join(dir, 'first.png')
    const second = join(dir, 'second.png')
    const args = ['--size', '160x90', '--time', '3.5']
    expect(await main(['render', presetPath, '--out', first, ...args], io), output.join('\n')).toBe(0)
    expect(await main(['render', presetPath, '--out', second, ...args], io), output.join('\n')).toBe(0)
    console.log(output.filter((line) => line.startsWith('wrote')).join('\n'))
    const a = await readFile(first)
    const b = await readFile(second)
    expect(pngSize(a)).toEqual({ width: 160, height: 90 })
    expect(a.length).toBeGreaterThan(5000) // a blank or flat frame compresses to a few hundred bytes
    expect(a.equals(b)).toBe(true)
  }, 300_000)

  test('--timeout: a still that takes too long to draw ends with a clear error, nothing written, the browser closed', async () => {
    output.length = 0
    expect(await main(['render', presetPath, '--timeout', '0'], io)).toBe(2)
    expect(await main(['render', presetPath, '--timeout', 'soon'], io)).toBe(2)
    const out = join(dir, 'late.png')
    // 1280x720 of five layers in software WebGL takes seconds: 0.2 s runs out while the page is drawing
    expect(await main(['render', presetPath, '--timeout', '0.2', '--size', '1280x720', '--out', out], io)).toBe(1)
    expect(output.join('\n')).toMatch(/gave up after 0\.2 s of drawing \(--timeout 0\.2\); the browser was closed and nothing was written/)
    await expect(stat(out)).rejects.toThrow()
    const browsers = execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((name) => /chrom/i.test(name))
    expect(browsers).toEqual([])
  }, 300_000)

  test('renderWithin closes the renderer whether the still is done or too slow', async () => {
    const job = { document: dream(), width: 16, height: 16, time: 0 }
    const fake = (renderMs: number) => {
      const state = { closed: 0 }
      const renderer = {
        render: () => new Promise<{ png: Buffer; renderMs: number }>((done) => setTimeout(() => done({ png: Buffer.from('png'), renderMs }), renderMs)),
        close: async () => void state.closed++,
        renderVideo: async (): Promise<never> => {
          throw new Error('not used here')
        },
      }
      return { state, renderer }
    }
    const quick = fake(5)
    expect((await renderWithin(async () => quick.renderer, job, 1000)).png.toString()).toBe('png')
    expect(quick.state.closed).toBe(1)
    const stuck = fake(60_000)
    const started = performance.now()
    await expect(renderWithin(async () => stuck.renderer, job, 50)).rejects.toBeInstanceOf(RenderTimeoutError)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(stuck.state.closed).toBe(1)
  })

  describe('one renderer, many stills', () => {
    let renderer: Awaited<ReturnType<typeof startHeadlessRenderer>>
    beforeAll(async () => void (renderer = await startHeadlessRenderer()), 180_000)
    afterAll(async () => renderer?.close())

    test('another time is another picture; the size is the one asked for', async () => {
      const doc = dream()
      const early = await renderer.render({ document: doc, width: 160, height: 90, time: 3.5 })
      const late = await renderer.render({ document: doc, width: 160, height: 90, time: 60 })
      const wide = await renderer.render({ document: doc, width: 200, height: 50, time: 3.5 })
      expect(early.png.equals(late.png)).toBe(false)
      expect(pngSize(wide.png)).toEqual({ width: 200, height: 50 })
      // the CLI's bytes equal a reused renderer's bytes: no state leaks from one still to the next
      expect(early.png.equals(await readFile(join(dir, 'first.png')))).toBe(true)
    }, 180_000)

    test('a journey link renders the journey at that moment', async () => {
      const a = dream()
      const b = { ...createDocument(registry, ['sky', 'nebula'], 5), meta: { ...a.meta } }
      const link = `#j=${encodeJourneyLink(createJourney([a, b], { hold: 2, morph: 4 }), registry)}`
      // during the first hold the journey shows its first stop exactly; mid-morph it shows neither stop
      const hold = await loadRenderSource(link, 1, registry, io)
      const morph = await loadRenderSource(link, 4, registry, io)
      if (!hold.ok || !morph.ok) throw new Error('the journey link did not load')
      const size = { width: 160, height: 90, time: 1 }
      const first = await renderer.render({ document: a, ...size })
      expect((await renderer.render({ document: hold.document, ...size })).png.equals(first.png)).toBe(true)
      const between = await renderer.render({ document: morph.document, ...size })
      expect(between.png.equals(first.png)).toBe(false)
      expect(between.png.equals((await renderer.render({ document: b, ...size })).png)).toBe(false)
    }, 180_000)
  })
})
