/**
 * Issue 12.7: the viewer's shortcuts work on the FIRST real key press while the overlay is hidden (the normal
 * state while watching). A trusted key press lets React re-render between the window's listeners (the
 * overlay wakes up); a listener re-attached by that render used to miss the very key that woke it.
 */
import { afterEach, expect, test, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { createDocument } from '../../src/core/document'
import { setMeta } from '../../src/core/documentOps'
import { registry } from '../../src/layers'
import { encodeLink } from '../../src/preset/link'
import { mountViewer, type ViewerHandle } from '../../src/viewer'
import { OVERLAY_IDLE_MS } from '../../src/viewer/ViewerApp'

let mounted: { root: HTMLElement; handle: ViewerHandle } | undefined

afterEach(() => {
  mounted?.handle.unmount()
  mounted?.root.remove()
  mounted = undefined
  vi.restoreAllMocks()
})

function openViewer() {
  const root = document.createElement('div')
  root.style.cssText = 'position: relative; width: 320px; height: 180px;'
  document.body.appendChild(root)
  const doc = setMeta(createDocument(registry, ['sky', 'stars'], 11), { title: 'Keys' })
  const handle = mountViewer(root, { name: 'viewer', payload: encodeLink(doc, registry), journey: false }, { reducedMotion: false })
  mounted = { root, handle }
  return root
}

const idle = (viewer: HTMLElement) =>
  expect.poll(() => viewer.classList.contains('is-idle'), { timeout: OVERLAY_IDLE_MS + 5000, interval: 100 }).toBe(true)

test('Space pauses and f asks for full screen on the first press while the overlay is hidden', async () => {
  const requests: Element[] = []
  vi.spyOn(HTMLElement.prototype, 'requestFullscreen').mockImplementation(function (this: HTMLElement) {
    requests.push(this)
    return Promise.resolve()
  })
  const root = openViewer()
  await expect.poll(() => root.querySelector('[data-testid="dream-viewer"]')).not.toBeNull()
  const viewer = root.querySelector<HTMLElement>('[data-testid="dream-viewer"]')!
  const pause = root.querySelector<HTMLButtonElement>('button[aria-pressed]')!
  ;(document.activeElement as HTMLElement | null)?.blur?.()

  await idle(viewer)
  await userEvent.keyboard(' ')
  await expect.poll(() => pause.getAttribute('aria-pressed')).toBe('true')
  expect(viewer.classList.contains('is-idle')).toBe(false)

  await idle(viewer)
  await userEvent.keyboard('f')
  await expect.poll(() => requests.length).toBe(1)
  expect(requests[0]).toBe(viewer)

  await idle(viewer)
  await userEvent.keyboard(' ')
  await expect.poll(() => pause.getAttribute('aria-pressed')).toBe('false')
})
