/**
 * "Play with sound" in the viewer: shown only for a dreamscape with audio bindings; the microphone's refusal is
 * said plainly; an audio file (a generated WAV) starts the sound; without sound the dream plays at rest.
 */
import { afterEach, expect, test, vi } from 'vitest'
import { createDocument, SCENE_TARGET, type DreamDocument } from '../../src/core/document'
import { addBinding, addModulationSource } from '../../src/core/documentOps'
import { registry } from '../../src/layers'
import { encodeWav } from '../../src/modulation/audio/wav'
import { encodeLink } from '../../src/preset/link'
import { mountViewer, type ViewerHandle } from '../../src/viewer'
import { unmountRoot } from './harness'

let mounted: { root: HTMLElement; handle: ViewerHandle }[] = []

afterEach(async () => {
  for (const { root, handle } of mounted) {
    const canvas = root.querySelector('canvas')
    await (canvas ? unmountRoot(canvas, () => handle.unmount()) : handle.unmount())
    root.remove()
  }
  mounted = []
  vi.restoreAllMocks()
})

function open(doc: DreamDocument) {
  const root = document.createElement('div')
  root.style.cssText = 'position: relative; width: 480px; height: 320px;'
  document.body.appendChild(root)
  const handle = mountViewer(root, { name: 'viewer', payload: encodeLink(doc, registry), journey: false }, { reducedMotion: false })
  mounted.push({ root, handle })
  return root
}

function withMusic(): DreamDocument {
  let doc = createDocument(registry, ['sky', 'stars'], 11)
  doc = addModulationSource(doc, 'audio')
  const source = doc.modulation!.sources[0]!.id
  const stars = doc.layers.find((l) => l.type === 'stars')!
  const param = Object.entries(registry.get('stars')!.params).find(([, spec]) => spec.kind === 'float')![0]
  doc = addBinding(doc, { source, layer: stars.id, param, depth: 0.4 }, registry)
  return addBinding(doc, { source, layer: SCENE_TARGET, param: 'fov', depth: 0.1 }, registry)
}

const button = (root: HTMLElement, text: RegExp) => [...root.querySelectorAll('button')].find((b) => text.test(b.textContent ?? ''))

test('a dreamscape without audio bindings shows no sound choice', async () => {
  const root = open(createDocument(registry, ['sky', 'stars'], 11))
  await expect.poll(() => root.querySelector('[data-testid="dream-viewer"]')).toBeTruthy()
  expect(root.querySelector('[data-testid="play-with-sound"]')).toBeNull()
  expect(button(root, /Play with sound/)).toBeUndefined()
})

test('play with sound: the microphone refused is said plainly; a file starts the sound and stops again', async () => {
  const root = open(withMusic())
  await expect.poll(() => button(root, /Play with sound/)).toBeTruthy()
  button(root, /Play with sound/)!.click()
  await expect.poll(() => root.querySelector('.dv-sound-choice')?.textContent ?? '').toMatch(/nothing is recorded/)

  const getUserMedia = vi.fn(() => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')))
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } })
  try {
    button(root, /^Microphone$/)!.click()
    await expect.poll(() => root.querySelector('[role="alert"]')?.textContent ?? '', { timeout: 15_000 }).toMatch(/microphone was refused.*allow the microphone/i)
    expect(getUserMedia).toHaveBeenCalledOnce()
  } finally {
    Reflect.deleteProperty(navigator, 'mediaDevices')
  }

  // a file that is not audio: said plainly, the choice stays
  const input = root.querySelector<HTMLInputElement>('[data-testid="sound-file"]')!
  const choose = (file: File) => {
    const transfer = new DataTransfer()
    transfer.items.add(file)
    input.files = transfer.files
    input.dispatchEvent(new Event('change', { bubbles: true }))
  }
  choose(new File(['not audio at all'], 'notes.txt', { type: 'text/plain' }))
  await expect.poll(() => root.querySelector('[role="alert"]')?.textContent ?? '', { timeout: 15_000 }).toMatch(/not audio this browser can play/)

  // a generated WAV (a 2 Hz kick): decoded and playing
  const samples = new Float32Array(24000).map((_, i) => Math.exp(-((i / 24000) % 0.5) / 0.08) * Math.sin((2 * Math.PI * 55 * i) / 24000))
  choose(new File([encodeWav(samples, 24000) as BlobPart], 'kick.wav', { type: 'audio/wav' }))
  await expect.poll(() => button(root, /kick\.wav · stop/), { timeout: 15_000 }).toBeTruthy()
  expect(root.querySelector('[data-testid="play-with-sound"]')!.getAttribute('data-step')).toBe('on')
  button(root, /kick\.wav · stop/)!.click()
  await expect.poll(() => button(root, /Play with sound/)).toBeTruthy()
})
