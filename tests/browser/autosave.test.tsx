/**
 * Autosave against Chromium's real localStorage, events and quota: an edit survives a reload, a full storage
 * keeps the last good snapshot, another tab's write raises the question instead of being overwritten.
 */
import { afterEach, beforeEach, expect, test } from 'vitest'
import { createDocument } from '../../src/core/document'
import { setLayerParams, setMeta, setScene } from '../../src/core/documentOps'
import { createDreamStore } from '../../src/core/dreamStore'
import { AUTOSAVE_KEY, encodeSnapshot, restoreAutosave, startAutosave, type Autosave, type AutosaveConflict } from '../../src/editor/autosave'
import { registry } from '../../src/layers'
import { canonicalJson } from '../../src/preset/serialize'

const KEY = `${AUTOSAVE_KEY}.test`
let running: Autosave[] = []

function clearTestKeys() {
  for (const key of Object.keys(localStorage)) if (key === KEY || key.startsWith('filler-')) localStorage.removeItem(key)
}

beforeEach(clearTestKeys)
afterEach(() => {
  for (const autosave of running) autosave.stop()
  running = []
  clearTestKeys()
})

function start(doc = setMeta(createDocument(registry, ['sky', 'nebula', 'stars', 'terrain', 'bloom'], 9), { title: 'Dawn restored', author: 'Celeste' })) {
  const store = createDreamStore(doc)
  const errors: { message: string; download: () => void }[] = []
  const conflicts: AutosaveConflict[] = []
  const downloads: string[] = []
  const autosave = startAutosave(store, {
    registry,
    key: KEY,
    onError: (message, download) => errors.push({ message, download }),
    onConflict: (conflict) => conflicts.push(conflict),
    download: (_name, text) => downloads.push(text),
  })
  running.push(autosave)
  return { store, autosave, errors, conflicts, downloads }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('an edit is in localStorage within ~500 ms, and a reload restores exactly that document', async () => {
  const { store } = start()
  const nebula = store.getState().document.layers[1]!.id
  store.edit((doc) => setLayerParams(doc, nebula, { scale: 3.3, colorB: '#33ccff' }))
  store.edit((doc) => setScene(doc, { cameraMotion: 'orbit', nightPhase: 0.8 }))
  store.edit((doc) => setMeta(doc, { description: 'Zara and Jonah at first light.' }))
  const editedAt = performance.now()
  await expect.poll(() => localStorage.getItem(KEY), { interval: 20, timeout: 2000 }).not.toBeNull()
  expect(performance.now() - editedAt).toBeLessThan(700)

  // Reload-equivalent: a new store from what storage holds.
  const restored = restoreAutosave(registry, { key: KEY })
  if (restored.status !== 'restored') throw new Error(`nothing restored: ${JSON.stringify(restored)}`)
  const reloaded = createDreamStore(restored.document)
  expect(reloaded.getState().document).toEqual(store.getState().document)
  expect(restored.warnings).toEqual([])
})

test('pagehide writes at once', () => {
  const { store } = start()
  store.edit((doc) => setScene(doc, { speed: 2.5 }))
  expect(localStorage.getItem(KEY)).toBeNull()
  window.dispatchEvent(new PageTransitionEvent('pagehide'))
  const restored = restoreAutosave(registry, { key: KEY })
  expect(restored.status === 'restored' && restored.document.scene.speed).toBe(2.5)
})

test('with storage full, the last good snapshot stays and the artist is offered a download of the current work', async () => {
  const { store, autosave, errors, downloads } = start()
  store.edit((doc) => setScene(doc, { speed: 1.5 }))
  expect(autosave.flush()).toBe(true)
  const good = localStorage.getItem(KEY)

  // Fill the origin's real quota to within a few characters.
  let chunk = 1 << 20
  for (let i = 0; chunk >= 8; i++) {
    try {
      localStorage.setItem(`filler-${i}`, 'x'.repeat(chunk))
    } catch (error) {
      expect((error as Error).name).toBe('QuotaExceededError')
      chunk >>= 1
    }
  }
  store.edit((doc) => setMeta(doc, { description: 'The festival lights went out at once, and the dream-trade stalls fell silent. '.repeat(8) }))
  await expect.poll(() => errors, { timeout: 2000 }).toHaveLength(1) // the save was tried, and failed
  expect(localStorage.getItem(KEY)).toBe(good)
  expect(errors).toHaveLength(1)
  expect(errors[0]!.message).toMatch(/storage is full/i)
  errors[0]!.download()
  expect(JSON.parse(downloads[0]!).meta.description).toMatch(/festival lights/)

  // Space again: the next edit is saved.
  for (const key of Object.keys(localStorage)) if (key.startsWith('filler-')) localStorage.removeItem(key)
  store.edit((doc) => setScene(doc, { speed: 1.75 }))
  await expect.poll(() => localStorage.getItem(KEY), { timeout: 2000 }).not.toBe(good) // the save landed
  const restored = restoreAutosave(registry, { key: KEY })
  expect(restored.status === 'restored' && restored.document).toEqual(store.getState().document)
})

test('a storage event from another tab asks instead of overwriting', async () => {
  const { store, autosave, conflicts } = start()
  store.edit((doc) => setScene(doc, { speed: 0.5 }))
  autosave.flush()

  // Another tab writes its own version of the dream.
  const theirs = setMeta(store.getState().document, { title: 'Their version' })
  const text = encodeSnapshot(
    { tabId: 'other-tab', writeId: 'their-write', generation: 99, savedAt: Date.now() },
    JSON.stringify(canonicalJson(theirs, { registry, schema: false })),
  )
  localStorage.setItem(KEY, text)
  window.dispatchEvent(new StorageEvent('storage', { key: KEY, newValue: text, storageArea: localStorage }))
  expect(conflicts).toHaveLength(1)
  expect(conflicts[0]!.theirs.document.meta.title).toBe('Their version')

  store.edit((doc) => setScene(doc, { speed: 0.75 }))
  await sleep(700) // past the save delay: nothing may be written (an absence has no event to wait for)
  expect(localStorage.getItem(KEY)).toBe(text)

  conflicts[0]!.takeTheirs()
  expect(store.getState().document.meta.title).toBe('Their version')
  store.undo()
  expect(store.getState().document.scene.speed).toBe(0.75) // this tab's version is one undo away
})
