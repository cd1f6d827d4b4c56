/**
 * Autosave: nothing the artist makes is lost.
 *
 * Design. One shared slot in localStorage holds the latest snapshot: a small header (writer tab id, a random
 * write id, a generation that only grows, time) around the canonical preset text. Each tab remembers the
 * stamp (generation + write id) of the snapshot it last wrote or accepted; before writing it re-reads the slot,
 * and if the stamp there is another one (another tab wrote since), or a `storage` event says another tab
 * wrote, it stops writing and calls `onConflict({ theirs, keepMine, takeTheirs })`: the artist chooses,
 * nothing is overwritten silently, and while the choice is open the tab asks before it is closed. (The write
 * id, not the tab id, decides: a duplicated browser tab copies sessionStorage, tab id included.) A failed write (quota, storage disabled) leaves
 * the previous value of the slot untouched (a key's value is replaced whole or not at all), so the last good
 * snapshot survives; `onError(message, download)` tells the artist once per failure streak and offers the
 * current document as a file.
 *
 * Reading back goes through the one preset loader, so a corrupted or hand-edited snapshot is reported with
 * the loader's error, never trusted.
 */
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import type { DreamStore } from '../core/dreamStore'
import { loadPreset } from '../preset/load'
import { canonicalJson, serializePreset } from '../preset/serialize'
import { downloadText, fileSlug } from '../export/download'

export const AUTOSAVE_KEY = 'dreamscape.autosave.v1'
/** Saved this long after the last edit of a burst... */
export const AUTOSAVE_QUIET_MS = 250
/** ...but never later than this after the first unsaved edit, even while a slider is still moving. */
export const AUTOSAVE_MAX_WAIT_MS = 500
const TAB_ID_KEY = 'dreamscape.tabId'
const SNAPSHOT_MARK = 'dreamscape-autosave'

/** The parts of the browser autosave touches, injectable for tests (node has no window). */
export interface AutosaveEnvironment {
  storage: Storage
  /** Receives `storage`, `pagehide` and `beforeunload` (normally window). */
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>
  /** Receives `visibilitychange` and tells visibility (normally document). */
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>
  /** Per-tab storage (sessionStorage) that keeps the tab id across reloads of the same tab. */
  sessionStorage?: Storage
  now?: () => number
}

export interface SavedSnapshot {
  document: DreamDocument
  /** What the loader changed or dropped while reading it back (should be none for our own writes). */
  warnings: readonly unknown[]
  tabId: string
  writeId: string
  generation: number
  savedAt: number
}

export type RestoreResult =
  | { status: 'empty' }
  | ({ status: 'restored' } & SavedSnapshot)
  /** The slot holds something the loader refused: say so, keep it (a later save replaces it), start fresh. */
  | { status: 'corrupt'; message: string; path?: string }

export interface AutosaveConflict {
  /** What another tab saved since this tab last synchronised. */
  theirs: SavedSnapshot
  /** Overwrite the slot with this tab's document (their work stays open in their tab). */
  keepMine(): void
  /** Replace this tab's document with theirs (one undo step: this tab's version stays in its history). */
  takeTheirs(): void
}

export interface AutosaveOptions extends Partial<AutosaveEnvironment> {
  registry: LayerRegistry
  key?: string
  /** Default: kept in sessionStorage so a reload is the same tab. */
  tabId?: string
  /**
   * false (default): the snapshot in the slot when autosave starts is the one this tab's document descends
   * from (the editor restored it, or chose to replace it). true: treat it as someone else's work, so the first
   * save asks through onConflict (e.g. a remix link opened while an autosaved dream exists).
   */
  protectExisting?: boolean
  quietMs?: number
  maxWaitMs?: number
  onError?(message: string, download: () => void): void
  onConflict?(conflict: AutosaveConflict): void
  onSaved?(info: { generation: number; savedAt: number; bytes: number }): void
  /** Offers a text file to the artist; default: a Blob download link (browser only). */
  download?(filename: string, text: string): void
}

/**
 * on: edits are saved. conflict: another tab saved newer work and nothing is written until the artist chooses.
 * failing: the last write failed (quota, storage blocked); every edit retries. stopped: after stop().
 */
export type AutosaveState = 'on' | 'conflict' | 'failing' | 'stopped'

export interface Autosave {
  /** Write now if anything is unsaved. Returns whether the slot holds this tab's current document. */
  flush(): boolean
  stop(): void
  readonly tabId: string
  /** True while another tab's newer save waits for the artist's decision. */
  readonly conflicted: boolean
  /** The open question while `state` is 'conflict' (to ask again if the artist closed it). */
  readonly pendingConflict: AutosaveConflict | undefined
  /** Whether autosave is working: the studio shows every state but 'on', so it is never silently off. */
  readonly state: AutosaveState
  subscribe(listener: (state: AutosaveState) => void): () => void
}

interface SlotHeader {
  tabId: string
  /** Random per write: tells two writes of the same generation apart (tabs racing). */
  writeId: string
  generation: number
  savedAt: number
}

const stampOf = (header: SlotHeader | undefined) => (header ? `${header.generation}:${header.writeId}` : '')

/**
 * Storage that cannot be used (disabled cookies, some private modes, sandboxed frames throw on the mere
 * `localStorage` access): reads find nothing and every write fails with the original error, so the artist is
 * told through onError instead of the editor failing to start or autosave pretending to work.
 */
function unavailableStorage(error: unknown): Storage {
  const fail = () => {
    throw error
  }
  return { length: 0, clear: fail, getItem: () => null, key: () => null, removeItem: fail, setItem: fail }
}

function storageOrFailure(get: () => Storage): Storage {
  try {
    return get()
  } catch (error) {
    return unavailableStorage(error)
  }
}

function defaultEnvironment(): AutosaveEnvironment {
  if (typeof window === 'undefined') throw new Error('autosave needs browser storage: pass `storage` outside a browser')
  return {
    storage: storageOrFailure(() => window.localStorage),
    window,
    document,
    sessionStorage: storageOrFailure(() => window.sessionStorage),
    now: Date.now,
  }
}

function randomId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID().slice(0, 13)
    : Math.random().toString(36).slice(2, 15)
}

/** The tab id survives reloads of one tab (sessionStorage is per tab) so a reload is never "another tab". */
export function tabIdFor(session: Storage | undefined): string {
  try {
    const existing = session?.getItem(TAB_ID_KEY)
    if (existing) return existing
    const id = randomId()
    session?.setItem(TAB_ID_KEY, id)
    return id
  } catch {
    return randomId()
  }
}

/** The snapshot text: header fields, then the canonical preset text embedded as-is (no double escaping). */
export function encodeSnapshot(header: SlotHeader, presetText: string): string {
  return `{"${SNAPSHOT_MARK}":1,"tabId":${JSON.stringify(header.tabId)},"writeId":${JSON.stringify(header.writeId)},"generation":${header.generation},"savedAt":${header.savedAt},"document":${presetText}}`
}

type ParsedSlot = { header: SlotHeader; document: unknown } | { error: string }

function parseSlot(text: string): ParsedSlot {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { error: 'the saved snapshot is not valid JSON (it was cut short or edited)' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'the saved snapshot is not an object' }
  const record = value as Record<string, unknown>
  if (record[SNAPSHOT_MARK] !== 1) return { error: 'the saved snapshot is from an unknown autosave format' }
  const { tabId, writeId, generation, savedAt } = record
  if (typeof tabId !== 'string' || typeof writeId !== 'string' || !Number.isSafeInteger(generation) || typeof savedAt !== 'number')
    return { error: 'the saved snapshot has a damaged header' }
  return { header: { tabId, writeId, generation: generation as number, savedAt }, document: record.document }
}

function readHeader(storage: Storage, key: string): SlotHeader | undefined {
  const text = storage.getItem(key)
  if (text === null) return undefined
  const parsed = parseSlot(text)
  return 'header' in parsed ? parsed.header : undefined
}

function loadSnapshot(text: string, registry: LayerRegistry): RestoreResult {
  const parsed = parseSlot(text)
  if ('error' in parsed) return { status: 'corrupt', message: parsed.error }
  const result = loadPreset(parsed.document, { registry })
  if (!result.ok) return { status: 'corrupt', message: result.error.message, path: result.error.path }
  return { status: 'restored', document: result.document, warnings: result.warnings, ...parsed.header }
}

/** The saved document, read back through the preset loader. */
export function restoreAutosave(
  registry: LayerRegistry,
  options: { storage?: Storage; key?: string } = {},
): RestoreResult {
  let storage: Storage
  try {
    storage = options.storage ?? window.localStorage
  } catch (error) {
    return { status: 'corrupt', message: `browser storage is not available (${describe(error)})` }
  }
  let text: string | null
  try {
    text = storage.getItem(options.key ?? AUTOSAVE_KEY)
  } catch (error) {
    return { status: 'corrupt', message: `browser storage could not be read (${describe(error)})` }
  }
  return text === null ? { status: 'empty' } : loadSnapshot(text, registry)
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`
  return String(error)
}

function isQuotaError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED')
}

const fileNameFor = (doc: DreamDocument) => `${fileSlug(doc.meta.title)}.dreamscape.json`

const browserDownload = (filename: string, text: string) => downloadText(text, filename)

export function startAutosave(store: DreamStore, options: AutosaveOptions): Autosave {
  const env = options.storage ? options : { ...defaultEnvironment(), ...options }
  const storage = env.storage!
  const key = options.key ?? AUTOSAVE_KEY
  const now = env.now ?? Date.now
  const quietMs = options.quietMs ?? AUTOSAVE_QUIET_MS
  const maxWaitMs = options.maxWaitMs ?? AUTOSAVE_MAX_WAIT_MS
  const tabId = options.tabId ?? tabIdFor(env.sessionStorage)
  // Compact canonical JSON with every value written: the restored document is exactly this one even if a
  // default changes in a later release.
  const serialize = (doc: DreamDocument) => JSON.stringify(canonicalJson(doc, { registry: options.registry, schema: false }))
  const offerDownload = () => {
    const doc = store.getState().document
    ;(options.download ?? browserDownload)(fileNameFor(doc), serializePreset(doc, { registry: options.registry }))
  }

  const initial = safeHeader()
  /** The snapshot this tab's document descends from: anything else in the slot is another tab's work. */
  let baseStamp = options.protectExisting ? '' : stampOf(initial)
  let generationSeen = initial?.generation ?? 0
  let savedRevision = store.getState().revision
  let conflict: { theirs: SavedSnapshot; token: number; question: AutosaveConflict } | undefined
  let conflictToken = 0
  let state: AutosaveState = 'on'
  const listeners = new Set<(state: AutosaveState) => void>()
  function setState(next: AutosaveState) {
    if (next === state) return
    state = next
    for (const listener of listeners) listener(next)
  }
  let failing = false
  let stopped = false
  let quietTimer: ReturnType<typeof setTimeout> | undefined
  let firstUnsavedAt: number | undefined

  function safeHeader(): SlotHeader | undefined {
    try {
      return readHeader(storage, key)
    } catch {
      return undefined
    }
  }

  function clearTimer() {
    if (quietTimer !== undefined) clearTimeout(quietTimer)
    quietTimer = undefined
  }

  function raiseConflict(text: string): boolean {
    const loaded = loadSnapshot(text, options.registry)
    // A slot another tab left unreadable holds no work to protect: carry on and replace it.
    if (loaded.status !== 'restored') return false
    const { status: _status, ...theirs } = loaded
    const token = ++conflictToken
    clearTimer()
    const current = () => conflict?.token === token
    const question: AutosaveConflict = {
      theirs,
      keepMine() {
        if (!current() || stopped) return
        accept(theirs)
        conflict = undefined
        setState('on')
        savedRevision = -1 // force the write: the slot holds their document, not ours
        flush()
      },
      takeTheirs() {
        if (!current() || stopped) return
        accept(theirs)
        conflict = undefined
        setState('on')
        store.replace(theirs.document)
        // The slot already holds exactly this document.
        savedRevision = store.getState().revision
        clearTimer()
        firstUnsavedAt = undefined
      },
    }
    conflict = { theirs, token, question }
    setState('conflict')
    options.onConflict?.(question)
    return true
  }

  function accept(header: SlotHeader) {
    baseStamp = stampOf(header)
    generationSeen = Math.max(generationSeen, header.generation)
  }

  function flush(): boolean {
    clearTimer()
    if (stopped || conflict) return false
    const { document: doc, revision } = store.getState()
    if (revision === savedRevision) return true
    firstUnsavedAt = undefined
    let slotText: string | null
    try {
      slotText = storage.getItem(key)
    } catch (error) {
      return fail(`Autosave cannot read browser storage (${describe(error)}).`)
    }
    const slot = slotText === null ? undefined : parseSlot(slotText)
    const header = slot && 'header' in slot ? slot.header : undefined
    if (slotText !== null && header && stampOf(header) !== baseStamp && raiseConflict(slotText)) return false
    const written: SlotHeader = { tabId, writeId: randomId(), generation: Math.max(generationSeen, header?.generation ?? 0) + 1, savedAt: now() }
    let text: string
    try {
      text = encodeSnapshot(written, serialize(doc))
    } catch (error) {
      return fail(`Autosave could not serialize this dreamscape (${describe(error)}).`)
    }
    try {
      storage.setItem(key, text)
    } catch (error) {
      return fail(
        isQuotaError(error)
          ? 'Browser storage is full, so this change was not autosaved. The last saved version is kept; download this dreamscape to keep your latest work.'
          : `Autosave could not write to browser storage (${describe(error)}). The last saved version is kept; download this dreamscape to keep your latest work.`,
      )
    }
    accept(written)
    savedRevision = revision
    failing = false
    setState('on')
    options.onSaved?.({ generation: written.generation, savedAt: written.savedAt, bytes: text.length })
    return true
  }

  function fail(message: string): false {
    // Tell once per failure streak; every later edit retries quietly.
    if (!failing) options.onError?.(message, offerDownload)
    failing = true
    setState('failing')
    return false
  }

  function schedule() {
    if (stopped || conflict) return
    const at = now()
    firstUnsavedAt ??= at
    const wait = Math.max(0, Math.min(quietMs, firstUnsavedAt + maxWaitMs - at))
    clearTimer()
    quietTimer = setTimeout(flush, wait)
  }

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.revision !== previous.revision && state.revision !== savedRevision) schedule()
  })

  function onStorage(event: StorageEvent) {
    // key null: another tab cleared all storage; there is nothing of theirs to protect.
    if (stopped || event.key !== key || event.newValue === null) return
    if (event.storageArea && event.storageArea !== storage) return
    // Storage events reach only the other tabs, so this one was written elsewhere (unless it is what we accepted).
    const parsed = parseSlot(event.newValue)
    if (!('header' in parsed) || stampOf(parsed.header) === baseStamp) return
    raiseConflict(event.newValue)
  }
  const onHide = () => void flush()
  const onVisibility = () => {
    if (env.document?.visibilityState === 'hidden') flush()
  }
  // While the artist has not chosen, closing the tab would drop this tab's unsaved version: ask first.
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!conflict || store.getState().revision === savedRevision) return
    event.preventDefault()
    event.returnValue = ''
  }
  env.window?.addEventListener('storage', onStorage as EventListener)
  env.window?.addEventListener('pagehide', onHide)
  env.window?.addEventListener('beforeunload', onBeforeUnload as EventListener)
  env.document?.addEventListener('visibilitychange', onVisibility)

  return {
    flush,
    tabId,
    get conflicted() {
      return conflict !== undefined
    },
    get pendingConflict() {
      return conflict?.question
    },
    get state() {
      return state
    },
    subscribe(listener: (state: AutosaveState) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop() {
      if (stopped) return
      flush()
      stopped = true
      setState('stopped')
      listeners.clear()
      clearTimer()
      unsubscribe()
      env.window?.removeEventListener('storage', onStorage as EventListener)
      env.window?.removeEventListener('pagehide', onHide)
      env.window?.removeEventListener('beforeunload', onBeforeUnload as EventListener)
      env.document?.removeEventListener('visibilitychange', onVisibility)
    },
  }
}
