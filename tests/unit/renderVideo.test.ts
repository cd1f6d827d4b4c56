/**
 * `dreamscape render --video`: the whole command (Vite serving render.html on 127.0.0.1, headless Chromium,
 * WebCodecs, mediabunny), then mediabunny's demuxer in Node counts what the file holds. One journey renders
 * as one continuous video across its stops.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny'
import { createDocument } from '../../src/core/document'
import { createJourney, journeyDuration } from '../../src/core/journey'
import { registry } from '../../src/layers'
import { main, type CliIo } from '../../src/cli/main'
import { serializePreset } from '../../src/preset/serialize'
import { encodeJourneyLink } from '../../src/preset/journeyLink'

let dir: string
const lines: string[] = []
const io: CliIo = {
  out: (text) => void lines.push(text),
  err: (text) => void lines.push(text),
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, text) => writeFile(path, text),
  stat: (path) => stat(path).then((info) => ({ size: info.size, isFile: info.isFile() }), () => undefined),
}

async function countFrames(path: string) {
  const input = new Input({ source: new BufferSource(await readFile(path)), formats: ALL_FORMATS })
  const track = (await input.getPrimaryVideoTrack())!
  const sink = new EncodedPacketSink(track)
  let packets = 0
  for (let packet = await sink.getFirstPacket(); packet; packet = await sink.getNextPacket(packet)) packets++
  return { packets, codec: track.codec, width: track.displayWidth, height: track.displayHeight, duration: await track.computeDuration(), mime: await input.getMimeType() }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dreamscape-video-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('--video writes exactly duration x fps frames of the requested size, with progress on the way', { timeout: 300_000 }, async () => {
  const doc = { ...createDocument(registry, ['sky', 'nebula', 'stars'], 77), meta: { title: 'Video test', author: '', description: '' } }
  const preset = join(dir, 'dream.json')
  await writeFile(preset, serializePreset(doc, { registry }))
  const out = join(dir, 'dream.mp4')
  lines.length = 0
  const code = await main(['render', preset, '--video', out, '--duration', '1.5', '--fps', '16', '--size', '320x180'], io)
  expect(code, lines.join('\n')).toBe(0)
  const file = await countFrames(out)
  console.log(`CLI video: ${JSON.stringify(file)}; ${lines.at(-1)}`)
  expect(file.packets).toBe(24)
  expect([file.width, file.height]).toEqual([320, 180])
  expect(file.codec).toBe('avc')
  expect(file.duration).toBeCloseTo(1.5, 3)
  expect(lines.some((line) => /^frame \d+\/24 \(\d+%, about .* left\)$/.test(line))).toBe(true)
  expect(lines.at(-1)).toMatch(/wrote .*dream\.mp4 \(320x180, 24 frames at 16 fps/)
})

test('a journey link renders as one continuous video (WebM here), across its stops', { timeout: 300_000 }, async () => {
  const a = createDocument(registry, ['sky', 'stars'], 1)
  const b = createDocument(registry, ['sky', 'nebula'], 2)
  const journey = createJourney([a, b], { hold: 0.5, morph: 0.5 })
  const link = `#j=${encodeJourneyLink(journey, registry)}`
  const out = join(dir, 'journey.webm')
  lines.length = 0
  const duration = Math.min(2, journeyDuration(journey))
  const code = await main(['render', link, '--video', out, '--duration', String(duration), '--fps', '10', '--size', '160x90'], io)
  expect(code, lines.join('\n')).toBe(0)
  const file = await countFrames(out)
  expect(file.packets).toBe(Math.round(duration * 10))
  expect(file.mime).toMatch(/^video\/webm/)
  expect(file.codec === 'vp9' || file.codec === 'av1').toBe(true)
})

test('bad video options get a sentence and write nothing', async () => {
  lines.length = 0
  const preset = join(dir, 'dream.json')
  expect(await main(['render', preset, '--video', join(dir, 'x.gif')], io)).toBe(2)
  expect(lines.at(-1)).toMatch(/\.mp4 or \.webm/)
  expect(await main(['render', preset, '--video', join(dir, 'x.mp4'), '--fps', '0'], io)).toBe(2)
  expect(lines.at(-1)).toMatch(/frame rate/)
  expect(await main(['render', preset, '--video', join(dir, 'x.mp4'), '--size', '321x180'], io)).toBe(2)
  expect(lines.at(-1)).toMatch(/even/)
  await expect(stat(join(dir, 'x.mp4'))).rejects.toThrow()
})
