/**
 * Context loss and the crash marker, through <DreamCanvas> (what the editor and the viewer mount).
 * WEBGL_lose_context traps: get the extension before losing (null while lost); restore from a later task.
 */
import { afterEach, expect, test } from 'vitest'
import { createRoot, type Root } from 'react-dom/client'
import type { RootState } from '@react-three/fiber'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { createDreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { DreamClock } from '../../src/scene/clock'
import { DreamCanvas } from '../../src/scene/DreamCanvas'
import { CRASH_MARKER_KEY, dreamFingerprint, type GuardOptions } from '../../src/scene/contextLoss'
import { commands } from 'vitest/browser'
import { meanDifference, pixelStats, toDataUrl } from './harness'

const W = 256
const H = 144
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
  localStorage.removeItem(CRASH_MARKER_KEY)
  sessionStorage.removeItem(CRASH_MARKER_KEY)
})

async function mountCanvas(types: string[], options: { doc?: DreamDocument; guard?: GuardOptions } = {}) {
  const doc = options.doc ?? createDocument(registry, types, 7)
  const store = createDreamStore(doc)
  const host = document.createElement('div')
  host.style.cssText = `width:${W}px;height:${H}px;position:fixed;left:0;top:0`
  document.body.appendChild(host)
  let state: RootState | undefined
  const root: Root = createRoot(host)
  root.render(
    <DreamCanvas
      store={store}
      registry={registry}
      clock={new DreamClock({ pinned: 2 })}
      dpr={1}
      preserveDrawingBuffer
      adaptiveQuality={false}
      guard={options.guard}
      onCreated={(s) => (state = s)}
    />,
  )
  cleanup = () => {
    root.unmount()
    host.remove()
  }
  await expect.poll(() => state, { timeout: 20_000 }).toBeDefined()
  // the renderer is recreated after a restore: always use the latest one
  const current = () => state!.gl
  const gl = current()
  const read = () => {
    const context = current().getContext()
    const pixels = new Uint8Array(W * H * 4)
    context.readPixels(0, 0, W, H, context.RGBA, context.UNSIGNED_BYTE, pixels)
    return pixels
  }
  const overlay = () => host.querySelector<HTMLElement>('[data-dream-guard]')
  return { store, host, gl, current, read, overlay, doc }
}

/** Wait until a few frames have been drawn since now (frameloop 'always'). */
async function framesDrawn(gl: RootState['gl'], count = 3) {
  const start = gl.info.render.frame
  await expect.poll(() => gl.info.render.frame - start, { timeout: 30_000 }).toBeGreaterThanOrEqual(count)
}

test('three lose/restore cycles: calm overlay, same picture, no growth in GPU resources', async () => {
  const { current, read, overlay, store, doc } = await mountCanvas(['sky', 'nebula', 'stars', 'terrain', 'fireflies', 'bloom', 'grain'])
  await framesDrawn(current(), 4)
  const before = read()
  expect(pixelStats(before).mean).toBeGreaterThan(1)
  const resources = () => ({
    programs: current().info.programs?.length ?? 0,
    geometries: current().info.memory.geometries,
    textures: current().info.memory.textures,
  })
  const initial = resources()
  expect(initial.programs).toBeGreaterThan(0)

  for (let cycle = 0; cycle < 3; cycle++) {
    const lostRenderer = current()
    // get the extension BEFORE losing the context: it returns null while lost
    const lose = lostRenderer.getContext().getExtension('WEBGL_lose_context')!
    expect(lose).toBeTruthy()
    lose.loseContext()
    await expect.poll(() => overlay()?.dataset.dreamGuard, { timeout: 5_000 }).toBe('lost')
    expect(overlay()!.textContent).toMatch(/resting/)
    expect(store.getState().document).toBe(doc)
    await sleep(50)
    lose.restoreContext() // from a later task, never from inside the lost event
    await expect.poll(() => overlay(), { timeout: 10_000 }).toBeNull()
    await expect.poll(() => current() !== lostRenderer, { timeout: 10_000 }).toBe(true)
    await framesDrawn(current(), 4)
    // the old renderer let go of its context (and with it every GPU resource it held)
    expect(lostRenderer.getContext().isContextLost()).toBe(true)
    const after = read()
    if (meanDifference(before, after) >= 0.5) {
      await commands.writeFile('./__shots__/context-before.txt', toDataUrl(before, W, H))
      await commands.writeFile('./__shots__/context-after.txt', toDataUrl(after, W, H))
    }
    expect(meanDifference(before, after), `cycle ${cycle + 1}: picture`).toBeLessThan(0.5)
    expect(resources(), `cycle ${cycle + 1}: GPU resources`).toEqual(initial)
  }
})

test('a dreamscape that crashed this tab last time opens paused, and "run anyway" runs it', async () => {
  const doc = createDocument(registry, ['sky', 'stars'], 7)
  sessionStorage.setItem(CRASH_MARKER_KEY, dreamFingerprint(doc))
  // control: another document (createDocument makes new layer ids) is not paused by that marker
  const { gl, overlay } = await mountCanvas(['sky', 'stars'])
  expect(overlay()).toBeNull()
  cleanup?.()
  sessionStorage.setItem(CRASH_MARKER_KEY, dreamFingerprint(doc))

  const store = createDreamStore(doc)
  const wrapper = document.createElement('div')
  wrapper.style.cssText = `width:${W}px;height:${H}px;position:fixed;left:0;top:0`
  document.body.appendChild(wrapper)
  let state: RootState | undefined
  const root = createRoot(wrapper)
  root.render(
    // goodFrames: never healthy enough to clear, so the re-armed marker can be checked below
    <DreamCanvas store={store} registry={registry} clock={new DreamClock({ pinned: 2 })} dpr={1} adaptiveQuality={false} guard={{ goodFrames: 1e9 }} onCreated={(s) => (state = s)} />,
  )
  cleanup = () => {
    root.unmount()
    wrapper.remove()
  }
  await expect.poll(() => wrapper.querySelector<HTMLElement>('[data-dream-guard]')?.dataset.dreamGuard, { timeout: 10_000 }).toBe('suspect')
  await expect.poll(() => state, { timeout: 20_000 }).toBeDefined()
  await sleep(300)
  expect(state!.gl.info.render.frame, 'paused: nothing drawn').toBe(0)
  expect(gl).not.toBe(state!.gl)
  const button = [...wrapper.querySelectorAll('button')].find((b) => /run anyway/i.test(b.textContent ?? ''))
  expect(button).toBeTruthy()
  button!.click()
  await expect.poll(() => wrapper.querySelector('[data-dream-guard]'), { timeout: 5_000 }).toBeNull()
  await framesDrawn(state!.gl, 3)
  // running again re-arms the marker for this document ...
  expect(sessionStorage.getItem(CRASH_MARKER_KEY)).toBe(dreamFingerprint(doc))
  // ... and a clean unmount clears it: only a real crash leaves it behind
  cleanup()
  cleanup = undefined
  expect(sessionStorage.getItem(CRASH_MARKER_KEY)).toBeNull()
})

test('the marker is cleared after the first healthy frame', async () => {
  const { gl } = await mountCanvas(['sky'])
  await framesDrawn(gl, 1)
  await expect.poll(() => sessionStorage.getItem(CRASH_MARKER_KEY), { timeout: 15_000, interval: 50 }).toBeNull()
})

test('issue 10.6: a marker another tab left in shared storage does not pause this tab', async () => {
  // What a tab running this dreamscape (in its first seconds, or hidden) left behind before markers were per tab.
  const doc = createDocument(registry, ['sky', 'stars'], 7)
  localStorage.setItem(CRASH_MARKER_KEY, dreamFingerprint(doc))
  const { current, overlay } = await mountCanvas([], { doc })
  await framesDrawn(current(), 2)
  expect(overlay()).toBeNull()
})

test('issue 10.6: the marker is per tab, and gone while the page is hidden and after pagehide', async () => {
  const doc = createDocument(registry, ['sky'], 7)
  const { current } = await mountCanvas([], { doc, guard: { goodFrames: 1e9 } })
  await framesDrawn(current(), 1)
  expect(sessionStorage.getItem(CRASH_MARKER_KEY)).toBe(dreamFingerprint(doc))
  expect(localStorage.getItem(CRASH_MARKER_KEY), 'never shared with other tabs').toBeNull()
  const setVisibility = (state: DocumentVisibilityState) => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
  }
  try {
    setVisibility('hidden') // a hidden tab can be discarded or closed without pagehide
    expect(sessionStorage.getItem(CRASH_MARKER_KEY)).toBeNull()
    setVisibility('visible')
    expect(sessionStorage.getItem(CRASH_MARKER_KEY)).toBe(dreamFingerprint(doc))
  } finally {
    delete (document as { visibilityState?: unknown }).visibilityState
  }
  window.dispatchEvent(new PageTransitionEvent('pagehide'))
  expect(sessionStorage.getItem(CRASH_MARKER_KEY)).toBeNull()
})
