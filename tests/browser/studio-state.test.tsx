/**
 * The studio's state, driven through its real panels in Chromium (issues 10 and 12): opening it makes no edit,
 * an autosave it could not use stays in storage, every layer id is editable, a drag is one undo step, Leva's
 * folders follow the stack, the seed says when it is out of range, and autosave is never silently off.
 */
import { afterEach, beforeEach, expect, test } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import { createDocument } from '../../src/core/document'
import { setMeta } from '../../src/core/documentOps'
import { AUTOSAVE_KEY, encodeSnapshot } from '../../src/editor/autosave'
import { mountEditor } from '../../src/editor'
import { registry } from '../../src/layers'
import { canonicalJson } from '../../src/preset/serialize'

let root: HTMLElement
let mounted: ReturnType<typeof mountEditor> | undefined

beforeEach(async () => {
  await page.viewport(1280, 720)
  localStorage.clear()
  root = document.createElement('div')
  root.style.cssText = 'position:fixed;inset:0'
  document.body.appendChild(root)
})

afterEach(() => {
  mounted?.unmount()
  mounted = undefined
  root.remove()
  localStorage.clear()
})

const docText = () => document.body.textContent ?? ''
const buttonNamed = (name: RegExp) => [...root.querySelectorAll('button')].find((b) => name.test(b.textContent ?? ''))
const notice = () => root.querySelector<HTMLElement>('.ds-notice')

/** A snapshot text for the autosave slot, as another session would have written it. */
function snapshotOf(document: unknown, writeId = 'earlier-write') {
  return encodeSnapshot({ tabId: 'earlier-tab', writeId, generation: 4, savedAt: Date.now() }, JSON.stringify(document))
}

/** Puts a small dream in the autosave slot, so the studio opens on it (fewer layers: faster frames). */
function saveSmallDream(types: string[]) {
  const doc = canonicalJson(createDocument(registry, types, 5), { registry, schema: false })
  localStorage.setItem(AUTOSAVE_KEY, snapshotOf(doc))
}

/** Mounts the studio and waits until Leva has mounted (and reported) every control of every layer. */
async function openStudio() {
  mounted = mountEditor(root, { name: 'editor' })
  const { store } = mounted
  const ids = store.getState().document.layers.map((l) => l.id)
  for (const id of ids) await expect.poll(docText, { timeout: 30_000 }).toContain(`· ${id}`)
  await expect.poll(() => document.querySelectorAll('.ds-leva input').length, { timeout: 30_000 }).toBeGreaterThan(ids.length * 2)
  // Leva reports each control's first value from an effect after mounting: give it a few frames.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => requestAnimationFrame(resolve))
  return mounted
}

/** The Leva text input of one control, found by its layer's folder and its label. */
function levaInput(layerId: string, label: string): HTMLInputElement {
  const inputs = [...document.querySelectorAll<HTMLInputElement>('.ds-leva input')].filter((input) => input.id.includes(`· ${layerId}.`))
  const found = inputs.find((input) => document.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent?.trim() === label)
  if (!found) throw new Error(`no Leva input "${label}" for ${layerId} among ${inputs.map((i) => i.id).join(', ')}`)
  return found
}

async function typeInto(input: HTMLInputElement, text: string) {
  await userEvent.fill(input, text)
  await userEvent.keyboard('{Enter}')
}

test('opening the studio makes no edit: Undo stays disabled and the autosave slot is not written', async () => {
  const { store, autosave } = await openStudio()
  expect(store.getState().past).toHaveLength(0)
  expect(store.getState().revision).toBe(0)
  expect(buttonNamed(/^Undo$/)!.disabled).toBe(true)
  // flush() writes only when there is an unsaved edit: nothing reaches the slot (and no other tab is told).
  autosave.flush()
  expect(localStorage.getItem(AUTOSAVE_KEY)).toBeNull()
})

test('a corrupt or newer-version autosave stays in storage until the first real edit', async () => {
  for (const text of ['{"dreamscape-autosave":1, cut sho', snapshotOf({ format: 'dreamscape', version: 99, layers: [] })]) {
    localStorage.setItem(AUTOSAVE_KEY, text)
    const { store, autosave, unmount } = await openStudio()
    expect(notice()?.textContent).toMatch(/could not be restored/)
    autosave.flush()
    expect(localStorage.getItem(AUTOSAVE_KEY)).toBe(text)
    store.edit((doc) => setMeta(doc, { title: 'A real edit' }))
    autosave.flush()
    expect(localStorage.getItem(AUTOSAVE_KEY)).not.toBe(text)
    unmount()
    mounted = undefined
  }
})

test('a snapshot with a layer type this studio lacks is reported and kept in storage', async () => {
  const saved = canonicalJson(createDocument(registry, ['sky', 'stars'], 5), { registry, schema: false }) as { layers: unknown[] }
  saved.layers.push({ id: 'v1', type: 'volcano', enabled: true, opacity: 1, blend: 'normal', params: {} })
  const text = snapshotOf(saved)
  localStorage.setItem(AUTOSAVE_KEY, text)
  const { store, autosave } = await openStudio()
  expect(store.getState().document.layers.map((l) => l.type)).toEqual(['sky', 'stars'])
  expect(notice()?.textContent).toMatch(/volcano/)
  autosave.flush()
  expect(localStorage.getItem(AUTOSAVE_KEY)).toBe(text)
})

test('a layer whose id contains "_" is edited through its panel, with no junk keys', async () => {
  const saved = canonicalJson(createDocument(registry, ['sky'], 5), { registry, schema: false }) as { layers: { id: string }[] }
  saved.layers[0]!.id = 'sky_1'
  localStorage.setItem(AUTOSAVE_KEY, snapshotOf(saved))
  const { store } = await openStudio()
  await typeInto(levaInput('sky_1', 'shimmer'), '0.25')
  await typeInto(levaInput('sky_1', 'opacity'), '0.5')
  await expect.poll(() => store.getState().document.layers[0]!.params.shimmer).toBe(0.25)
  await expect.poll(() => store.getState().document.layers[0]!.opacity).toBe(0.5)
  const layer = store.getState().document.layers[0]!
  expect(Object.keys(layer).sort()).toEqual(['blend', 'enabled', 'id', 'opacity', 'params', 'type'])
  expect(Object.keys(layer.params).sort()).toEqual(Object.keys(registry.get('sky')!.params).sort())
})

test('a drag after a typed value is one undo step', async () => {
  const saved = canonicalJson(createDocument(registry, ['stars'], 5), { registry, schema: false }) as { layers: { id: string }[] }
  saved.layers[0]!.id = 'st'
  localStorage.setItem(AUTOSAVE_KEY, snapshotOf(saved))
  const { store } = await openStudio()
  const input = levaInput('st', 'twinkle')
  await typeInto(input, '0.2')
  await expect.poll(() => store.getState().document.layers[0]!.params.twinkle).toBe(0.2)
  const steps = store.getState().past.length
  // Leva's slider is the row's range track: drag its knob to the right in several mouse moves.
  const track = input.parentElement!.parentElement!.firstElementChild as HTMLElement
  expect(track.contains(input)).toBe(false)
  const box = track.getBoundingClientRect()
  await userEvent.dragAndDrop(track, track, {
    sourcePosition: { x: box.width * 0.2, y: box.height / 2 },
    targetPosition: { x: box.width * 0.8, y: box.height / 2 },
    steps: 12,
  })
  await expect.poll(() => store.getState().document.layers[0]!.params.twinkle).toBeGreaterThan(0.3)
  expect(store.getState().past.length - steps, 'undo steps added by one drag').toBe(1)
  store.undo()
  expect(store.getState().document.layers[0]!.params.twinkle).toBe(0.2)
})

test('Leva folders follow the layer stack after a reorder', async () => {
  saveSmallDream(['sky', 'stars', 'terrain', 'bloom'])
  const { store } = await openStudio()
  const stackOrder = () => [...root.querySelectorAll<HTMLElement>('.ds-layer')].map((row) => row.dataset.layerId!)
  const panelOrder = () => {
    const ids = new Set(store.getState().document.layers.map((l) => l.id))
    const text = docText()
    return [...ids].map((id) => ({ id, at: text.indexOf(`· ${id}`) })).sort((a, b) => a.at - b.at).map((entry) => entry.id)
  }
  expect(panelOrder()).toEqual(stackOrder())
  const top = root.querySelector<HTMLElement>('.ds-layer')!
  top.querySelector<HTMLElement>('[title="Move down"]')!.click()
  await expect.poll(() => stackOrder()[1]).toBe(top.dataset.layerId)
  await expect.poll(panelOrder).toEqual(stackOrder())
})

test('the seed says when a value is out of range instead of wrapping it', async () => {
  saveSmallDream(['sky'])
  const { store } = await openStudio()
  const before = store.getState().document.seed
  const seedInput = [...document.querySelectorAll<HTMLInputElement>('.ds-leva input')].find((input) => input.id.endsWith('.seed'))!
  for (const typed of ['99999999999', '-5']) {
    await typeInto(seedInput, typed)
    await expect.poll(() => notice()?.textContent ?? '').toMatch(/out of range|whole number/i)
    expect(store.getState().document.seed).toBe(before)
  }
  await typeInto(seedInput, '4242')
  await expect.poll(() => store.getState().document.seed).toBe(4242)
})

test('another tab\'s newer save asks for a real choice, and autosave shows that it is off until answered', async () => {
  saveSmallDream(['sky'])
  const { store } = await openStudio()
  store.edit((doc) => setMeta(doc, { title: 'Mine' }))
  mounted!.autosave.flush()
  const theirs = setMeta(store.getState().document, { title: 'Theirs' })
  const text = encodeSnapshot({ tabId: 'other', writeId: 'their-write', generation: 50, savedAt: Date.now() }, JSON.stringify(canonicalJson(theirs, { registry, schema: false })))
  localStorage.setItem(AUTOSAVE_KEY, text)
  window.dispatchEvent(new StorageEvent('storage', { key: AUTOSAVE_KEY, newValue: text, storageArea: localStorage }))
  await expect.poll(() => notice()?.textContent ?? '').toMatch(/Another tab saved newer work/)
  // the question cannot be waved away: no Dismiss, and the toolbar says autosave is off
  expect(buttonNamed(/^Dismiss$/)).toBeUndefined()
  await expect.poll(() => root.querySelector('[data-autosave-state]')?.getAttribute('data-autosave-state')).toBe('conflict')
  expect(root.querySelector('[data-autosave-state]')!.textContent).toMatch(/autosave (is )?(off|paused)/i)
  buttonNamed(/keep mine/i)!.click()
  await expect.poll(() => root.querySelector('[data-autosave-state]')?.getAttribute('data-autosave-state') ?? 'on').toBe('on')
  expect(JSON.parse(localStorage.getItem(AUTOSAVE_KEY)!).document.meta.title).toBe('Mine')
})
