import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { setLayerParams, setMeta, setScene } from '../../src/core/documentOps'
import { createDreamStore, type DreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import {
  AUTOSAVE_KEY,
  AUTOSAVE_MAX_WAIT_MS,
  encodeSnapshot,
  restoreAutosave,
  startAutosave,
  tabIdFor,
  type AutosaveConflict,
  type AutosaveOptions,
} from '../../src/editor/autosave'

/** localStorage as the spec says: string values, a quota in UTF-16 code units, a failed set leaves the old value. */
class FakeStorage implements Storage {
  private items = new Map<string, string>()
  quota = Infinity
  writes = 0
  get length() {
    return this.items.size
  }
  clear() {
    this.items.clear()
  }
  getItem(key: string) {
    return this.items.get(key) ?? null
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null
  }
  removeItem(key: string) {
    this.items.delete(key)
  }
  setItem(key: string, value: string) {
    let used = 0
    for (const [k, v] of this.items) if (k !== key) used += k.length + v.length
    if (used + key.length + value.length > this.quota) {
      const error = new Error('The quota has been exceeded.')
      error.name = 'QuotaExceededError'
      throw error
    }
    this.writes++
    this.items.set(key, String(value))
  }
}

/** A window/document stand-in that records listeners so tests can fire pagehide, storage, visibilitychange. */
class FakeTarget {
  listeners = new Map<string, Set<(event: any) => void>>()
  visibilityState: DocumentVisibilityState = 'visible'
  addEventListener(name: string, listener: (event: any) => void) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set())
    this.listeners.get(name)!.add(listener)
  }
  removeEventListener(name: string, listener: (event: any) => void) {
    this.listeners.get(name)?.delete(listener)
  }
  fire(name: string, event: object = {}) {
    for (const listener of this.listeners.get(name) ?? []) listener({ type: name, ...event })
  }
  count() {
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  }
}

/** One browser tab: its store, window, document and autosave, sharing `storage` with the other tabs. */
function openTab(storage: FakeStorage, doc: DreamDocument, extra: Partial<AutosaveOptions> = {}) {
  const store = createDreamStore(doc)
  const win = new FakeTarget()
  const document = new FakeTarget()
  const errors: { message: string; download: () => void }[] = []
  const conflicts: AutosaveConflict[] = []
  const downloads: { filename: string; text: string }[] = []
  const autosave = startAutosave(store, {
    registry,
    storage,
    window: win as unknown as Window,
    document: document as unknown as Document,
    sessionStorage: new FakeStorage(),
    onError: (message, download) => errors.push({ message, download }),
    onConflict: (conflict) => conflicts.push(conflict),
    download: (filename, text) => downloads.push({ filename, text }),
    ...extra,
  })
  /** What another tab writing the slot looks like from here. */
  const storageEventFrom = (other: FakeStorage) =>
    win.fire('storage', { key: AUTOSAVE_KEY, newValue: other.getItem(AUTOSAVE_KEY), storageArea: storage })
  return { store, win, document, autosave, errors, conflicts, downloads, storageEventFrom }
}

const baseDoc = () => setMeta(createDocument(registry, ['sky', 'nebula', 'stars', 'bloom'], 42), { title: 'Neoterra after curfew', author: 'Celeste' })
const nebulaId = (store: DreamStore) => store.getState().document.layers.find((l) => l.type === 'nebula')!.id
const setScale = (store: DreamStore, scale: number) => store.edit((doc) => setLayerParams(doc, nebulaId(store), { scale }), 'scale')
const restored = (storage: Storage) => {
  const result = restoreAutosave(registry, { storage })
  if (result.status !== 'restored') throw new Error(`expected a snapshot, got ${JSON.stringify(result)}`)
  return result
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('saving', () => {
  test('an edit is saved within 500 ms, and restoring gives back exactly the edited document', () => {
    const storage = new FakeStorage()
    const tab = openTab(storage, baseDoc())
    setScale(tab.store, 3.25)
    expect(storage.getItem(AUTOSAVE_KEY)).toBeNull()
    vi.advanceTimersByTime(AUTOSAVE_MAX_WAIT_MS)
    expect(restored(storage).document).toEqual(tab.store.getState().document)
    expect(restored(storage).warnings).toEqual([])
  })

  test('a continuous drag is saved at least every 500 ms, not only when it stops', () => {
    const storage = new FakeStorage()
    const tab = openTab(storage, baseDoc())
    tab.store.beginGesture()
    for (let i = 1; i <= 30; i++) {
      setScale(tab.store, 1 + i * 0.1)
      vi.advanceTimersByTime(100)
      if (i % 5 === 0) expect((restored(storage).document.layers[1]!.params.scale as number)).toBeGreaterThan(1 + (i - 5) * 0.1)
    }
    tab.store.endGesture()
    // Debounced: 30 edits in 3 s are a handful of writes, not 30.
    expect(storage.writes).toBeGreaterThanOrEqual(6)
    expect(storage.writes).toBeLessThanOrEqual(8)
  })

  test('nothing is written without an edit', () => {
    const storage = new FakeStorage()
    openTab(storage, baseDoc())
    vi.advanceTimersByTime(5000)
    expect(storage.writes).toBe(0)
  })

  test('pagehide and a hidden tab flush at once; stop flushes and removes every listener', () => {
    const storage = new FakeStorage()
    const tab = openTab(storage, baseDoc())
    setScale(tab.store, 2)
    tab.win.fire('pagehide')
    expect(restored(storage).document.layers[1]!.params.scale).toBe(2)

    setScale(tab.store, 4)
    tab.document.fire('visibilitychange') // still visible: nothing
    expect(restored(storage).document.layers[1]!.params.scale).toBe(2)
    tab.document.visibilityState = 'hidden'
    tab.document.fire('visibilitychange')
    expect(restored(storage).document.layers[1]!.params.scale).toBe(4)

    setScale(tab.store, 5)
    tab.autosave.stop()
    expect(restored(storage).document.layers[1]!.params.scale).toBe(5)
    expect(tab.win.count() + tab.document.count()).toBe(0)
    setScale(tab.store, 6)
    vi.advanceTimersByTime(2000)
    expect(restored(storage).document.layers[1]!.params.scale).toBe(5)
  })

  test('undo is an edit like any other', () => {
    const storage = new FakeStorage()
    const tab = openTab(storage, baseDoc())
    tab.store.edit((doc) => setScene(doc, { speed: 2 }))
    vi.advanceTimersByTime(600)
    tab.store.undo()
    vi.advanceTimersByTime(600)
    expect(restored(storage).document.scene.speed).toBe(1)
  })
})

describe('restoring', () => {
  test('an empty slot says so', () => {
    expect(restoreAutosave(registry, { storage: new FakeStorage() })).toEqual({ status: 'empty' })
  })

  test.each([
    ['cut-short JSON', (text: string) => text.slice(0, text.length / 2), /not valid JSON/],
    ['another format', () => '{"something":"else"}', /unknown autosave format/],
    ['a damaged header', (text: string) => text.replace('"generation":1', '"generation":"x"'), /damaged header/],
    ['a document that is not a dreamscape', (text: string) => text.replace('"format":"dreamscape"', '"format":"other"'), /not a dreamscape/],
    ['a document from the future', (text: string) => text.replace('"version":2', '"version":99'), /newer/i],
  ])('a snapshot with %s is reported, not trusted', (_name, corrupt, message) => {
    const storage = new FakeStorage()
    const tab = openTab(storage, baseDoc())
    setScale(tab.store, 2)
    tab.autosave.flush()
    storage.setItem(AUTOSAVE_KEY, corrupt(storage.getItem(AUTOSAVE_KEY)!))
    const result = restoreAutosave(registry, { storage })
    expect(result.status).toBe('corrupt')
    expect(result.status === 'corrupt' && result.message).toMatch(message)
  })

  test('values out of range in a hand-edited snapshot come back clamped, with a warning', () => {
    const storage = new FakeStorage()
    const tab = openTab(storage, baseDoc())
    tab.store.edit((doc) => setScene(doc, { speed: 2 }))
    tab.autosave.flush()
    storage.setItem(AUTOSAVE_KEY, storage.getItem(AUTOSAVE_KEY)!.replace('"speed":2', '"speed":1e9'))
    const result = restored(storage)
    expect(result.document.scene.speed).toBe(4)
    expect(result.warnings.length).toBeGreaterThan(0)
  })

  test('a storage that throws on read is reported', () => {
    const storage = new FakeStorage()
    storage.getItem = () => {
      throw Object.assign(new Error('denied'), { name: 'SecurityError' })
    }
    const result = restoreAutosave(registry, { storage })
    expect(result).toMatchObject({ status: 'corrupt', message: expect.stringMatching(/SecurityError/) })
  })
})

describe('a failed write', () => {
  test('quota exceeded keeps the last good snapshot and tells the artist once, offering a download', () => {
    const storage = new FakeStorage()
    const tab = openTab(storage, baseDoc())
    setScale(tab.store, 2)
    vi.advanceTimersByTime(600)
    const good = storage.getItem(AUTOSAVE_KEY)
    storage.quota = good!.length // no room for anything bigger
    tab.store.edit((doc) => setMeta(doc, { description: 'a much longer description that no longer fits in the storage quota' }))
    vi.advanceTimersByTime(600)
    expect(storage.getItem(AUTOSAVE_KEY)).toBe(good)
    expect(tab.errors).toHaveLength(1)
    expect(tab.errors[0]!.message).toMatch(/storage is full/i)

    setScale(tab.store, 3)
    vi.advanceTimersByTime(600)
    expect(tab.errors).toHaveLength(1) // once per failure streak
    expect(storage.getItem(AUTOSAVE_KEY)).toBe(good)

    // The download carries the current document, not the last saved one.
    tab.errors[0]!.download()
    expect(tab.downloads).toHaveLength(1)
    expect(tab.downloads[0]!.filename).toBe('neoterra-after-curfew.dreamscape.json')
    const file = JSON.parse(tab.downloads[0]!.text)
    expect(file.layers[1].params.scale).toBe(3)
    expect(file.meta.description).toMatch(/much longer/)

    // Room again: the next edit saves and a later failure is reported again.
    storage.quota = Infinity
    setScale(tab.store, 3.5)
    vi.advanceTimersByTime(600)
    expect(restored(storage).document).toEqual(tab.store.getState().document)
    storage.quota = 10
    setScale(tab.store, 3.75)
    vi.advanceTimersByTime(600)
    expect(tab.errors).toHaveLength(2)
  })

  test('any other storage error is reported with its name', () => {
    const storage = new FakeStorage()
    const tab = openTab(storage, baseDoc())
    storage.setItem = () => {
      throw Object.assign(new Error('The operation is insecure.'), { name: 'SecurityError' })
    }
    setScale(tab.store, 2)
    expect(tab.autosave.flush()).toBe(false)
    expect(tab.errors[0]!.message).toMatch(/SecurityError/)
  })
})

describe('two tabs', () => {
  test('a reload of the same tab continues its own snapshot without asking', () => {
    const storage = new FakeStorage()
    const session = new FakeStorage()
    const first = openTab(storage, baseDoc(), { sessionStorage: session })
    setScale(first.store, 2)
    first.win.fire('pagehide')
    first.autosave.stop()
    const again = openTab(storage, restored(storage).document, { sessionStorage: session })
    expect(again.autosave.tabId).toBe(first.autosave.tabId)
    setScale(again.store, 3)
    vi.advanceTimersByTime(600)
    expect(again.conflicts).toHaveLength(0)
    expect(restored(storage).document.layers[1]!.params.scale).toBe(3)
  })

  test('issue 10.1: a second tab that only opens (no edit) writes nothing, so the first is never told of newer work', () => {
    const storage = new FakeStorage()
    const doc = baseDoc()
    const first = openTab(storage, doc)
    setScale(first.store, 2)
    vi.advanceTimersByTime(600)
    const writes = storage.writes
    // the second tab opens on the same snapshot; its panel reports every value once: edits that change nothing
    const second = openTab(storage, restored(storage).document)
    second.store.edit((d) => setLayerParams(d, nebulaId(second.store), { scale: 2 }), 'scale')
    second.store.edit((d) => setMeta(d, { title: d.meta.title }))
    vi.advanceTimersByTime(5000)
    second.autosave.flush()
    expect(storage.writes).toBe(writes)
    first.storageEventFrom(storage)
    expect(first.conflicts).toHaveLength(0)
    expect(first.autosave.state).toBe('on')
  })

  test('issue 10.2: autosave reports every state it is in, so the studio can show that it is off', () => {
    const storage = new FakeStorage()
    const doc = baseDoc()
    const a = openTab(storage, doc)
    const b = openTab(storage, doc)
    const states: string[] = []
    b.autosave.subscribe((state) => states.push(state))
    expect(b.autosave.state).toBe('on')
    setScale(a.store, 2)
    vi.advanceTimersByTime(600)
    setScale(b.store, 7)
    vi.advanceTimersByTime(600)
    expect(b.autosave.state).toBe('conflict')
    // the question can be asked again (the notice showing it may have been replaced by another one)
    expect(b.autosave.pendingConflict).toBe(b.conflicts[0])
    b.autosave.pendingConflict!.keepMine()
    expect(b.autosave.state).toBe('on')
    expect(b.autosave.pendingConflict).toBeUndefined()
    storage.quota = 10
    setScale(b.store, 8)
    vi.advanceTimersByTime(600)
    expect(b.autosave.state).toBe('failing')
    storage.quota = Infinity
    setScale(b.store, 9)
    vi.advanceTimersByTime(600)
    expect(b.autosave.state).toBe('on')
    b.autosave.stop()
    expect(states).toEqual(['conflict', 'on', 'failing', 'on', 'stopped'])
  })

  test('a tab never overwrites newer work from another tab: it asks, and keepMine / takeTheirs do what they say', () => {
    const storage = new FakeStorage()
    const doc = baseDoc()
    const a = openTab(storage, doc)
    const b = openTab(storage, doc)
    setScale(a.store, 2)
    vi.advanceTimersByTime(600)
    const theirs = storage.getItem(AUTOSAVE_KEY)

    setScale(b.store, 7)
    vi.advanceTimersByTime(600)
    expect(storage.getItem(AUTOSAVE_KEY)).toBe(theirs) // b did not write over a's work
    expect(b.conflicts).toHaveLength(1)
    expect(b.autosave.conflicted).toBe(true)
    expect(b.conflicts[0]!.theirs.document.layers[1]!.params.scale).toBe(2)
    expect(b.conflicts[0]!.theirs.tabId).toBe(a.autosave.tabId)

    // While the question is open, further edits stay in b and are not written.
    setScale(b.store, 8)
    vi.advanceTimersByTime(2000)
    expect(storage.getItem(AUTOSAVE_KEY)).toBe(theirs)

    b.conflicts[0]!.keepMine()
    expect(b.autosave.conflicted).toBe(false)
    expect(restored(storage).document.layers[1]!.params.scale).toBe(8)

    // Now a is the one behind: it is told through the storage event and can take b's version.
    a.storageEventFrom(storage)
    expect(a.conflicts).toHaveLength(1)
    a.conflicts[0]!.takeTheirs()
    expect(a.store.getState().document).toEqual(restored(storage).document)
    expect(a.store.canUndo()).toBe(true) // a's own version is one undo away
    vi.advanceTimersByTime(2000)
    // Both continue in turn without further questions.
    setScale(a.store, 6)
    vi.advanceTimersByTime(600)
    expect(restored(storage).document.layers[1]!.params.scale).toBe(6)
  })

  test('two tabs that write at the same moment: the one overwritten finds out from the storage event', () => {
    const storage = new FakeStorage()
    const a = openTab(storage, baseDoc())
    const b = openTab(storage, baseDoc())
    // Both read the same slot state, then both write (b last, so a's write is gone from the slot).
    setScale(a.store, 2)
    setScale(b.store, 3)
    a.autosave.flush()
    storage.removeItem(AUTOSAVE_KEY) // b did its read before a's write landed
    b.autosave.flush()
    expect(restored(storage).document.layers[1]!.params.scale).toBe(3)
    a.storageEventFrom(storage)
    expect(a.conflicts).toHaveLength(1)
    expect(a.conflicts[0]!.theirs.document.layers[1]!.params.scale).toBe(3)
    a.conflicts[0]!.keepMine()
    expect(restored(storage).document.layers[1]!.params.scale).toBe(2)
  })

  test('a resolver from an older question does nothing once a newer one was asked', () => {
    const storage = new FakeStorage()
    const a = openTab(storage, baseDoc())
    const b = openTab(storage, baseDoc())
    setScale(a.store, 2)
    a.autosave.flush()
    b.storageEventFrom(storage)
    setScale(a.store, 3)
    a.autosave.flush()
    b.storageEventFrom(storage)
    expect(b.conflicts).toHaveLength(2)
    b.conflicts[0]!.takeTheirs()
    expect(b.autosave.conflicted).toBe(true)
    b.conflicts[1]!.takeTheirs()
    expect(b.store.getState().document.layers[1]!.params.scale).toBe(3)
  })

  test('closing a tab with an unanswered question and unsaved work asks first', () => {
    const storage = new FakeStorage()
    const a = openTab(storage, baseDoc())
    const b = openTab(storage, baseDoc())
    setScale(a.store, 2)
    a.autosave.flush()
    setScale(b.store, 4)
    b.autosave.flush()
    const event = { preventDefault: vi.fn(), returnValue: undefined as unknown }
    for (const listener of b.win.listeners.get('beforeunload')!) listener(event)
    expect(event.preventDefault).toHaveBeenCalled()
    const calm = { preventDefault: vi.fn() }
    for (const listener of a.win.listeners.get('beforeunload')!) listener(calm)
    expect(calm.preventDefault).not.toHaveBeenCalled()
  })

  test('protectExisting: an editor opened on other work (a remix) asks before replacing the autosaved dream', () => {
    const storage = new FakeStorage()
    const old = openTab(storage, baseDoc())
    setScale(old.store, 2)
    old.autosave.flush()
    old.autosave.stop()
    const remix = openTab(storage, setMeta(baseDoc(), { title: 'Remix' }), { protectExisting: true })
    setScale(remix.store, 5)
    vi.advanceTimersByTime(600)
    expect(remix.conflicts).toHaveLength(1)
    expect(restored(storage).document.layers[1]!.params.scale).toBe(2)
  })

  test('storage events about other keys, removals, or an unreadable slot are not conflicts', () => {
    const storage = new FakeStorage()
    const a = openTab(storage, baseDoc())
    a.win.fire('storage', { key: 'something-else', newValue: 'x', storageArea: storage })
    a.win.fire('storage', { key: AUTOSAVE_KEY, newValue: null, storageArea: storage })
    a.win.fire('storage', { key: AUTOSAVE_KEY, newValue: '{broken', storageArea: storage })
    const header = { tabId: 'other', writeId: 'w', generation: 5, savedAt: 0 }
    a.win.fire('storage', { key: AUTOSAVE_KEY, newValue: encodeSnapshot(header, '{"format":"nope"}'), storageArea: storage })
    expect(a.conflicts).toHaveLength(0)
  })
})

test('the tab id lives in session storage, so it survives a reload of the tab', () => {
  const session = new FakeStorage()
  const id = tabIdFor(session)
  expect(tabIdFor(session)).toBe(id)
  expect(tabIdFor(new FakeStorage())).not.toBe(id)
})

test('a browser whose storage throws on access still starts the editor, and the first save says why it failed', () => {
  const denied = Object.assign(new Error('The document is sandboxed and lacks the allow-same-origin flag.'), { name: 'SecurityError' })
  const target = new FakeTarget()
  const fakeWindow = Object.defineProperties(target, {
    localStorage: { get: () => { throw denied } },
    sessionStorage: { get: () => { throw denied } },
  })
  vi.stubGlobal('window', fakeWindow)
  vi.stubGlobal('document', new FakeTarget())
  try {
    expect(restoreAutosave(registry)).toMatchObject({ status: 'corrupt', message: expect.stringMatching(/not available.*SecurityError/) })
    const store = createDreamStore(baseDoc())
    const errors: string[] = []
    const autosave = startAutosave(store, { registry, onError: (message) => errors.push(message) })
    setScale(store, 2)
    expect(autosave.flush()).toBe(false)
    expect(errors).toEqual([expect.stringMatching(/SecurityError/)])
    autosave.stop()
  } finally {
    vi.unstubAllGlobals()
  }
})
