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
import { EditorApp, type Notice } from './EditorApp'
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

export function mountEditor(root: HTMLElement, route: Extract<Route, { name: 'editor' }>): { store: DreamStore; autosave: Autosave; unmount(): void } {
  const restored = restoreAutosave(registry)
  const start = startingDocument(route, () => (restored.status === 'restored' ? restored.document : undefined))
  const notice: Notice | undefined =
    start.notice ??
    (restored.status === 'corrupt'
      ? { tone: 'warning', title: 'The autosaved dreamscape could not be restored', lines: [restored.message, 'It stays in storage until your next edit replaces it.'] }
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
      }),
    onConflict: ({ theirs, keepMine, takeTheirs }) =>
      showNotice({
        tone: 'warning',
        title: 'Another tab saved newer work',
        lines: [`"${theirs.document.meta.title}", saved ${new Date(theirs.savedAt).toLocaleTimeString()}. Which one should this tab keep?`],
        actions: [
          { label: 'Keep mine', run: keepMine },
          { label: 'Take theirs', run: takeTheirs },
        ],
      }),
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
