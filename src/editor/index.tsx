/** The editor route: decides what document to open, then mounts the studio. */
import { createRoot } from 'react-dom/client'
import { createDocument, type DreamDocument } from '../core/document'
import { setMeta } from '../core/documentOps'
import { createDreamStore, type DreamStore } from '../core/dreamStore'
import { restoreAutosave, startAutosave, type Autosave } from './autosave'
import { registry } from '../layers'
import { decodeLink } from '../preset/link'
import type { Route } from '../routes'
import { DreamClock } from '../scene/clock'
import { conflictNotice, EditorApp, type Notice } from './EditorApp'
import { builtInPresets } from './Gallery'
import './editor.css'

/** A first dream for an empty studio, in case no built-in preset is available. */
const FIRST_DREAM = ['sky', 'nebula', 'stars', 'terrain', 'fireflies', 'bloom', 'grain']

export function startingDocument(route: Extract<Route, { name: 'editor' }>, restore: () => DreamDocument | undefined): { document: DreamDocument; notice?: Notice } {
  const gallery = builtInPresets(registry)
  const fallback = () => restore() ?? gallery[0]?.document ?? createDocument(registry, FIRST_DREAM.filter((t) => registry.has(t)))
  if (route.remix) {
    const result = decodeLink(route.remix, { registry })
    if (result.ok) {
      const source = result.document
      return {
        document: setMeta(source, { remixOf: source.meta.title, title: `${source.meta.title} (remix)` }),
        notice: { tone: 'info', title: `Remixing "${source.meta.title}"`, lines: ['Your earlier work is one undo away.'] },
      }
    }
    return {
      document: fallback(),
      notice: { tone: 'error', title: 'That remix link could not be opened', lines: [result.error.message, 'Your last dreamscape was restored instead.'] },
    }
  }
  return { document: fallback() }
}

/**
 * The autosave was restored, but the loader had to leave something out (a layer type this build lacks, a value
 * out of range): say what, and that the saved copy is untouched until the artist's next edit.
 */
function adjustedSnapshotNotice(warnings: readonly unknown[]): Notice {
  const lines = warnings.slice(0, 6).map((warning) => {
    const { path, message } = warning as { path?: string; message?: string }
    return path ? `${path}: ${message ?? ''}` : String(message ?? warning)
  })
  if (warnings.length > 6) lines.push(`…and ${warnings.length - 6} more.`)
  lines.push('The saved copy stays in storage, as it was, until your next edit replaces it.')
  return { tone: 'warning', title: `Your autosaved dreamscape was restored with ${warnings.length} change(s)`, lines, persistent: true }
}

export function mountEditor(root: HTMLElement, route: Extract<Route, { name: 'editor' }>): { store: DreamStore; autosave: Autosave; unmount(): void } {
  const restored = restoreAutosave(registry)
  const start = startingDocument(route, () => (restored.status === 'restored' ? restored.document : undefined))
  const notice: Notice | undefined =
    start.notice ??
    (restored.status === 'corrupt'
      ? { tone: 'warning', title: 'The autosaved dreamscape could not be restored', lines: [restored.message, 'It stays in storage until your next edit replaces it.'], persistent: true }
      : restored.status === 'restored' && restored.warnings.length > 0 && start.document === restored.document
        ? adjustedSnapshotNotice(restored.warnings)
        : undefined)
  const store = createDreamStore(start.document)
  if (route.remix) history.replaceState(null, '', window.location.pathname + window.location.search)

  // Autosave speaks to the artist through the editor's notice area once it is mounted.
  let showNotice: (notice: Notice) => void = () => {}
  const autosave = startAutosave(store, {
    registry,
    protectExisting: route.remix !== undefined,
    onError: (message, download) =>
      showNotice({
        tone: 'error',
        title: 'Autosave failed',
        lines: [message, 'Your last good snapshot is kept. Download this dreamscape to keep your latest work safe.'],
        actions: [{ label: 'Download', run: download }],
        persistent: true,
      }),
    onConflict: (conflict) => showNotice(conflictNotice(conflict)),
  })
  const clock = new DreamClock()
  const reactRoot = createRoot(root)
  reactRoot.render(
    <EditorApp
      store={store}
      registry={registry}
      clock={clock}
      gallery={builtInPresets(registry)}
      initialNotice={notice}
      onNotice={(listener) => (showNotice = listener)}
      autosave={autosave}
    />,
  )
  return {
    store,
    autosave,
    unmount() {
      autosave.stop()
      reactRoot.unmount()
    },
  }
}
