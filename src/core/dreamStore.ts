/**
 * The document store with undo/redo. Vanilla zustand (no React) so the viewer, the editor, tests and the
 * embed API share it. A "gesture" (a slider drag, from pointer down to pointer up) is one undo step however
 * many values it passes through; outside gestures, rapid edits of the same field coalesce for a moment.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { DreamDocument } from './document'

export const HISTORY_LIMIT = 200
/** Edits of one field closer together than this become one undo step (typing, keyboard nudges). */
export const COALESCE_MS = 800

export interface DreamState {
  document: DreamDocument
  past: DreamDocument[]
  future: DreamDocument[]
  /** Bumped on every change, so subscribers (autosave) can cheaply tell edits apart. */
  revision: number
}

export interface DreamActions {
  /** Apply an edit. `field` names what changed (e.g. "l3k9.scale") so rapid edits of it coalesce. */
  edit(change: (doc: DreamDocument) => DreamDocument, field?: string): void
  /** Replace the whole document (import, load preset): one undo step, never coalesced. */
  replace(doc: DreamDocument): void
  undo(): void
  redo(): void
  /**
   * A gesture (pointer down to pointer up) is one undo step whatever it edits and however long it lasts.
   * Beginning while one is open continues it: focus changes and nested drags inside it do not split it.
   */
  beginGesture(): void
  endGesture(): void
  readonly canUndo: () => boolean
  readonly canRedo: () => boolean
}

export type DreamStore = StoreApi<DreamState> & DreamActions

export function createDreamStore(initial: DreamDocument, now: () => number = () => Date.now()): DreamStore {
  const store = createStore<DreamState>(() => ({ document: initial, past: [], future: [], revision: 0 }))
  let gesture: { recorded: boolean } | undefined
  let last: { field: string; at: number } | undefined

  function commit(next: DreamDocument, mergeWithPrevious: boolean) {
    const { document, past, revision } = store.getState()
    if (next === document) return
    const newPast = mergeWithPrevious ? past : [...past, document].slice(-HISTORY_LIMIT)
    store.setState({ document: next, past: newPast, future: [], revision: revision + 1 })
  }

  return Object.assign(store, {
    edit(change: (doc: DreamDocument) => DreamDocument, field?: string) {
      const next = change(store.getState().document)
      if (next === store.getState().document) return
      const at = now()
      let merge = false
      if (gesture) {
        merge = gesture.recorded
        gesture.recorded = true
      } else if (field && last && last.field === field && at - last.at < COALESCE_MS) {
        merge = true
      }
      last = field ? { field, at } : undefined
      commit(next, merge)
    },
    replace(doc: DreamDocument) {
      last = undefined
      commit(doc, false)
    },
    undo() {
      const { document, past, future, revision } = store.getState()
      const previous = past.at(-1)
      if (!previous) return
      last = undefined
      store.setState({ document: previous, past: past.slice(0, -1), future: [document, ...future], revision: revision + 1 })
    },
    redo() {
      const { document, past, future, revision } = store.getState()
      const [next, ...rest] = future
      if (!next) return
      last = undefined
      store.setState({ document: next, past: [...past, document], future: rest, revision: revision + 1 })
    },
    beginGesture() {
      gesture ??= { recorded: false }
    },
    endGesture() {
      gesture = undefined
      last = undefined
    },
    canUndo: () => store.getState().past.length > 0,
    canRedo: () => store.getState().future.length > 0,
  })
}
