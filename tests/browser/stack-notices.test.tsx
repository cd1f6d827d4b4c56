/**
 * Issue 12.6 in Chromium: the layer stack says why a backdrop above an object changes nothing and tells
 * duplicates apart; notices that ask nothing time out, a question waits for its answer.
 */
import { afterEach, expect, test } from 'vitest'
import { createRoot, type Root } from 'react-dom/client'
import { act } from 'react'
import { createDocument } from '../../src/core/document'
import { moveLayer } from '../../src/core/documentOps'
import { createDreamStore } from '../../src/core/dreamStore'
import { conflictNotice, EditorApp, type Notice } from '../../src/editor/EditorApp'
import { LayerStack } from '../../src/editor/LayerStack'
import { registry } from '../../src/layers'
import { DreamClock } from '../../src/scene/clock'

let root: Root | undefined
let host: HTMLElement | undefined
afterEach(() => {
  root?.unmount()
  host?.remove()
  root = host = undefined
})

function mount(node: React.ReactNode) {
  host = document.createElement('div')
  host.style.cssText = 'position:fixed;inset:0;width:640px;height:360px'
  document.body.appendChild(host)
  root = createRoot(host)
  root.render(node)
  return host
}

test('a backdrop above an object says why it changes nothing, and duplicates read "Aurora 1", "Aurora 2"', async () => {
  const store = createDreamStore(createDocument(registry, ['sky', 'terrain', 'aurora', 'aurora'], 3))
  const el = mount(<LayerStack store={store} registry={registry} />)
  const row = (type: string, n = 0) => {
    const id = store.getState().document.layers.filter((l) => l.type === type)[n]!.id
    return el.querySelector<HTMLElement>(`[data-layer-id="${id}"]`)!
  }
  await expect.poll(() => el.querySelectorAll('.ds-layer').length).toBe(4)
  expect(row('aurora', 0).querySelector('.ds-layer-name')!.textContent).toMatch(/^Aurora 1\b/)
  expect(row('aurora', 1).querySelector('.ds-layer-name')!.textContent).toMatch(/^Aurora 2\b/)
  expect(row('sky').querySelector('.ds-layer-name')!.textContent).toMatch(/^Sky\b/)
  // both auroras sit above the terrain: each row explains; the sky below it does not need to
  for (const r of [row('aurora', 0), row('aurora', 1)]) {
    const hint = r.querySelector<HTMLElement>('[role="note"]')
    expect(hint, 'hint on a backdrop above an object').not.toBeNull()
    expect(hint!.getAttribute('title')).toMatch(/behind every 3D object/)
  }
  expect(row('sky').querySelector('[role="note"]')).toBeNull()
  // move the sky above the terrain: now it gets the hint too
  const skyId = store.getState().document.layers[0]!.id
  act(() => store.edit((doc) => moveLayer(doc, skyId, 3)))
  await expect.poll(() => row('sky').querySelector('[role="note"]')).not.toBeNull()
})

test('notices that ask nothing time out; a question (autosave conflict) waits for its answer', async () => {
  const store = createDreamStore(createDocument(registry, ['sky'], 3))
  let show: (notice: Notice) => void = () => {}
  const el = mount(
    <EditorApp
      store={store}
      registry={registry}
      clock={new DreamClock({ pinned: 1 })}
      gallery={[]}
      initialNotice={{ tone: 'info', title: 'Opened "Dawn"' }}
      onNotice={(listener) => (show = listener)}
      noticeTimeoutMs={150}
    />,
  )
  const notice = () => el.querySelector<HTMLElement>('.ds-notice')
  await expect.poll(() => notice()?.textContent ?? '', { timeout: 20_000 }).toMatch(/Opened "Dawn"/)
  await expect.poll(notice, { timeout: 10_000 }).toBeNull()

  let kept = 0
  const theirs = { document: store.getState().document, warnings: [], tabId: 't', writeId: 'w', generation: 2, savedAt: Date.now() }
  act(() => show(conflictNotice({ theirs, keepMine: () => kept++, takeTheirs: () => {} })))
  expect(notice()?.textContent).toMatch(/Another tab saved newer work/)
  // many time-outs later it is still asking, with no way to wave it away
  await new Promise((resolve) => setTimeout(resolve, 1500))
  expect(notice()?.textContent).toMatch(/Another tab saved newer work/)
  expect([...notice()!.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Keep mine and overwrite theirs', 'Load theirs'])
  notice()!.querySelector('button')!.click()
  expect(kept).toBe(1)
  await expect.poll(notice).toBeNull()
})
