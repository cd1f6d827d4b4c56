/**
 * The studio: the dream full-window, the layer stack on the left, Leva panels on the right, the toolbar on top.
 */
import { Leva } from 'leva'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { setMeta } from '../core/documentOps'
import type { DreamStore } from '../core/dreamStore'
import { shareUrl } from '../preset/link'
import { pageBase } from '../routes'
import type { DreamClock } from '../scene/clock'
import { DreamCanvas } from '../scene/DreamCanvas'
import type { DreamSceneHandle } from '../scene/DreamScene'
import { ExportPanel } from '../export/ExportPanel'
import { exportDocument, readPresetFile } from './files'
import { Gallery, type GalleryEntry } from './Gallery'
import { LayerFolder, SceneFolder } from './LayerControls'
import { LayerStack } from './LayerStack'
import { CameraToolbar, createStudioCameraLink, StudioCamera } from './CameraViews'
import { ShareDialog } from './ShareDialog'
import { useEscape } from './useEscape'
import { ModulationPanel } from './ModulationPanel'
import { createModulationInputs } from '../modulation/inputs'
import { createLiveInputs, type LiveInputs } from '../modulation/live'
import { createModulator } from '../modulation/modulator'
import type { Autosave, AutosaveConflict, AutosaveState } from './autosave'

export interface Notice {
  tone: 'error' | 'warning' | 'info'
  title: string
  lines?: string[]
  actions?: { label: string; run: () => void }[]
  /** A question only its actions answer: no Dismiss, no time-out (the autosave conflict). */
  needsAnswer?: boolean
  /** Stays until dismissed (work at risk), instead of timing out. */
  persistent?: boolean
}

/** How long a notice stays when it asks nothing (paused while the pointer or focus is on it). */
export const NOTICE_TIMEOUT_MS = { info: 6000, warning: 12_000, error: 15_000 } as const

/** Another tab saved newer work: the artist chooses which version this tab keeps; autosave waits for the answer. */
export function conflictNotice(conflict: AutosaveConflict): Notice {
  const { theirs } = conflict
  return {
    tone: 'warning',
    title: 'Another tab saved newer work',
    lines: [
      `"${theirs.document.meta.title}", saved ${new Date(theirs.savedAt).toLocaleTimeString()}. Autosave is paused until you choose which version this tab keeps.`,
    ],
    actions: [
      { label: 'Keep mine and overwrite theirs', run: conflict.keepMine },
      { label: 'Load theirs', run: conflict.takeTheirs },
    ],
    needsAnswer: true,
  }
}

export interface EditorAppProps {
  store: DreamStore
  registry: LayerRegistry
  clock: DreamClock
  gallery: GalleryEntry[]
  initialNotice?: Notice
  /** Extra toolbar content (export panel...). */
  extraTools?: ReactNode
  onNotice?: (listener: (notice: Notice) => void) => void
  /** Autosave's state: anything but 'on' is shown in the toolbar. */
  autosave?: Pick<Autosave, 'state' | 'subscribe' | 'pendingConflict'>
  /** Overrides NOTICE_TIMEOUT_MS (tests). */
  noticeTimeoutMs?: number
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

function useShortcuts(store: DreamStore) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = isMac ? event.metaKey : event.ctrlKey
      if (!mod) return
      const key = event.key.toLowerCase()
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault()
        store.undo()
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault()
        store.redo()
      }
    }
    // Any edit made while a pointer is down (dragging a slider, a colour, a vector) is one undo step.
    const down = (event: PointerEvent) => {
      if ((event.target as Element | null)?.closest?.('.ds-leva, [class*="leva-"]')) store.beginGesture()
    }
    const up = () => store.endGesture()
    window.addEventListener('keydown', onKey)
    window.addEventListener('pointerdown', down, true)
    window.addEventListener('pointerup', up, true)
    window.addEventListener('pointercancel', up, true)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('pointerdown', down, true)
      window.removeEventListener('pointerup', up, true)
      window.removeEventListener('pointercancel', up, true)
    }
  }, [store])
}

function LayerFolders({ store, registry, onModulate }: { store: DreamStore; registry: LayerRegistry; onModulate?: (id: string) => void }) {
  // Only the list of (id, type) matters here; each folder subscribes to its own layer's values.
  const key = useStore(store, (state) => state.document.layers.map((l) => `${l.id}:${l.type}`).join('|'))
  const layers = store.getState().document.layers
  return (
    <>
      {layers.map((layer, index) => {
        const layerType = registry.get(layer.type)
        return layerType ? (
          <LayerFolder key={`${key}:${layer.id}`} store={store} id={layer.id} layerType={layerType} position={layers.length - index} onModulate={onModulate} />
        ) : null
      })}
    </>
  )
}

/** Notices that ask nothing go away by themselves, but never while the artist is reading or using one. */
function useNoticeTimeout(notice: Notice | undefined, clear: () => void, override: number | undefined) {
  const [held, setHeld] = useState(false)
  useEffect(() => {
    if (!notice || notice.needsAnswer || notice.persistent || held) return
    const timer = setTimeout(clear, override ?? NOTICE_TIMEOUT_MS[notice.tone])
    return () => clearTimeout(timer)
  }, [notice, held, override, clear])
  useEffect(() => setHeld(false), [notice])
  return { onPointerEnter: () => setHeld(true), onPointerLeave: () => setHeld(false), onFocus: () => setHeld(true), onBlur: () => setHeld(false) }
}

function useAutosaveState(autosave: EditorAppProps['autosave']): AutosaveState {
  const [state, setState] = useState<AutosaveState>(autosave?.state ?? 'on')
  useEffect(() => {
    if (!autosave) return
    setState(autosave.state)
    return autosave.subscribe(setState)
  }, [autosave])
  return state
}

const AUTOSAVE_STATE_TEXT: Record<Exclude<AutosaveState, 'on'>, { text: string; title: string }> = {
  conflict: { text: 'Autosave paused', title: 'Another tab saved newer work: choose which version this tab keeps' },
  failing: { text: 'Autosave off', title: 'The last autosave failed; every edit retries. Export to keep your work safe.' },
  stopped: { text: 'Autosave off', title: 'Autosave has stopped in this tab' },
}

export function EditorApp({ store, registry, clock, gallery, initialNotice, extraTools, onNotice, autosave, noticeTimeoutMs }: EditorAppProps) {
  useShortcuts(store)
  const [notice, setNotice] = useState<Notice | undefined>(initialNotice)
  const [galleryOpen, setGalleryOpen] = useState(false)
  const [paused, setPaused] = useState(clock.paused)
  const canUndo = useStore(store, (state) => state.past.length > 0)
  const canRedo = useStore(store, (state) => state.future.length > 0)
  const title = useStore(store, (state) => state.document.meta.title)
  const fileInput = useRef<HTMLInputElement>(null)
  const cameraLink = useMemo(createStudioCameraLink, [])
  const [sharing, setSharing] = useState<string | null>(null)
  const [layersOpen, setLayersOpen] = useState(true)
  const [controlsOpen, setControlsOpen] = useState(true)
  const [sceneHandle, setSceneHandle] = useState<DreamSceneHandle | null>(null)
  const [artOpen, setArtOpen] = useState(false)
  const [modulationOpen, setModulationOpen] = useState(false)
  const [modulationTarget, setModulationTarget] = useState<string | undefined>()
  const openModulation = useCallback((layerId: string) => {
    setModulationTarget(layerId)
    setModulationOpen(true)
  }, [])
  const modulationInputs = useMemo(createModulationInputs, [])
  // the studio's own modulator, so the panel's meters read what the dream is doing
  const modulator = useMemo(() => createModulator(), [])
  const sourceValue = useCallback((id: string) => modulator.valueOf(id), [modulator])
  const stage = useRef<HTMLDivElement>(null)
  const [live, setLive] = useState<LiveInputs | null>(null)
  const modulated = useStore(store, (state) => (state.document.modulation?.bindings.length ?? 0) > 0)
  // MIDI and pointer adapters follow the document (loaded only when a source needs them); sound needs a choice
  useEffect(() => {
    if (!stage.current) return
    const running = createLiveInputs(modulationInputs, stage.current, (message) => setNotice({ tone: 'warning', title: 'An input could not start', lines: [message] }))
    setLive(running)
    running.sync(store.getState().document)
    const unsubscribe = store.subscribe((state, previous) => state.document.modulation !== previous.document.modulation && running.sync(state.document))
    return () => {
      unsubscribe()
      running.stop()
    }
  }, [store, modulationInputs])
  useEscape(galleryOpen, () => setGalleryOpen(false))
  useEscape(artOpen, () => setArtOpen(false))

  useEffect(() => onNotice?.(setNotice), [onNotice])
  const dismissNotice = useCallback(() => setNotice(undefined), [])
  const noticeHold = useNoticeTimeout(notice, dismissNotice, noticeTimeoutMs)
  const autosaveState = useAutosaveState(autosave)
  // A question closed by another notice is asked again from the toolbar, never lost.
  const askAutosaveConflict = () => {
    const pending = autosave?.pendingConflict
    if (pending) setNotice(conflictNotice(pending))
  }

  const load = (doc: DreamDocument, message: string) => {
    store.replace(doc)
    setNotice({ tone: 'info', title: message })
  }

  const importFile = async (file: File) => {
    const result = await readPresetFile(file, registry)
    if (!result.ok) {
      const where = result.error.path ? ` at ${result.error.path}` : ''
      setNotice({ tone: 'error', title: `Could not open "${file.name}"${where}`, lines: [result.error.message, 'Your current dreamscape is unchanged.'] })
      return
    }
    store.replace(result.document)
    setNotice(
      result.warnings.length
        ? { tone: 'warning', title: `Opened "${file.name}" with ${result.warnings.length} adjustment(s)`, lines: result.warnings.slice(0, 8).map((w: { path: string; message: string }) => `${w.path || 'document'}: ${w.message}`) }
        : { tone: 'info', title: `Opened "${file.name}"` },
    )
  }

  // The share dialog shows the link whatever the clipboard does (and says "copied" only when it was).
  const openShare = () => {
    try {
      setSharing(shareUrl(pageBase(), store.getState().document, registry))
    } catch (error) {
      setNotice({ tone: 'error', title: 'Could not make a share link', lines: [(error as Error).message] })
    }
  }

  const openEntry = (entry: GalleryEntry, remix: boolean) => {
    const doc = remix
      ? setMeta(entry.document, { remixOf: entry.document.meta.title, title: `${entry.document.meta.title} (remix)` })
      : entry.document
    load(doc, remix ? `Remixing "${entry.document.meta.title}"` : `Opened "${entry.document.meta.title}"`)
    setGalleryOpen(false)
  }

  const levaTheme = useMemo(
    () => ({ colors: { elevation1: '#0d0b1fcc', elevation2: '#15122dee', elevation3: '#241f45', accent1: '#b86bff', accent2: '#f06ec4', accent3: '#ff9be0', highlight1: '#8d86b8', highlight2: '#cfc8f0', highlight3: '#ffffff' }, sizes: { controlWidth: '46%' } }),
    [],
  )

  return (
    <div className={`ds-editor${layersOpen ? '' : ' no-layers'}${controlsOpen ? '' : ' no-controls'}`}>
      {/* the studio asks for the fast GPU: an artist editing a heavy stack needs its headroom (viewer and embeds do not) */}
      <div className="ds-stage" ref={stage}>
        <DreamCanvas store={store} registry={registry} clock={clock} className="ds-canvas" onReady={setSceneHandle} powerPreference="high-performance" modulationInputs={modulationInputs} modulator={modulator}>
          <StudioCamera link={cameraLink} />
        </DreamCanvas>
      </div>

      <header className="ds-toolbar">
        <span className="ds-brand" aria-hidden>
          ◐
        </span>
        <input className="ds-title" aria-label="Title" value={title} maxLength={120} onChange={(event) => store.edit((doc) => setMeta(doc, { title: event.target.value }), 'meta.title')} />
        <span className="ds-tool-sep" aria-hidden />
        <button onClick={() => store.undo()} disabled={!canUndo} title={`Undo (${isMac ? '⌘' : 'Ctrl'}+Z)`}>
          Undo
        </button>
        <button onClick={() => store.redo()} disabled={!canRedo} title={`Redo (${isMac ? '⇧⌘' : 'Shift+Ctrl'}+Z)`}>
          Redo
        </button>
        <span className="ds-tool-sep" aria-hidden />
        <button onClick={() => ((clock.paused = !clock.paused), setPaused(clock.paused))} title="Pause or play dream time">
          {paused ? 'Play' : 'Pause'}
        </button>
        <CameraToolbar store={store} link={cameraLink} />
        {autosaveState !== 'on' && (
          <button className="ds-autosave-state" data-autosave-state={autosaveState} title={AUTOSAVE_STATE_TEXT[autosaveState].title} onClick={askAutosaveConflict}>
            {AUTOSAVE_STATE_TEXT[autosaveState].text}
          </button>
        )}
        <span className="ds-spacer" />
        <button onClick={() => setGalleryOpen(true)}>Gallery</button>
        <button onClick={() => fileInput.current?.click()}>Import</button>
        <button onClick={() => exportDocument(store.getState().document, registry)}>Export</button>
        <button onClick={() => setModulationOpen((open) => !open)} aria-expanded={modulationOpen} className={modulated ? 'ds-modulated' : undefined} title="Move parameters with LFOs, sound, MIDI or the pointer">
          Modulation
        </button>
        <button onClick={() => setArtOpen((open) => !open)} aria-expanded={artOpen} title="Export a still (PNG up to 4K) or record a video">
          Art
        </button>
        <span className="ds-tool-sep" aria-hidden />
        <button className="ds-panel-toggle" aria-label="Layers" aria-controls="ds-layers-panel" aria-expanded={layersOpen} onClick={() => setLayersOpen((open) => !open)} title={layersOpen ? 'Hide the layer stack' : 'Show the layer stack'}>
          <span aria-hidden>◧</span>
          <span className="ds-label">Layers</span>
        </button>
        <button className="ds-panel-toggle" aria-label="Controls" aria-controls="ds-controls-panel" aria-expanded={controlsOpen} onClick={() => setControlsOpen((open) => !open)} title={controlsOpen ? 'Hide the dream controls' : 'Show the dream controls'}>
          <span className="ds-label">Controls</span>
          <span aria-hidden>◨</span>
        </button>
        <button className="ds-primary" onClick={openShare} title="A link that opens this dreamscape full-screen, with a QR code for phones">
          Share
        </button>
        {extraTools}
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="import-file"
          onChange={(event) => {
            const file = event.target.files?.[0]
            event.target.value = ''
            if (file) void importFile(file)
          }}
        />
      </header>

      <div id="ds-layers-panel" className="ds-side ds-side-layers" hidden={!layersOpen}>
        <LayerStack store={store} registry={registry} />
      </div>
      {artOpen && (
        <div className="ds-panel ds-art">
          <ExportPanel handle={sceneHandle} title={title} />
        </div>
      )}

      <ModulationPanel
        store={store}
        registry={registry}
        inputs={modulationInputs}
        live={live}
        sourceValue={sourceValue}
        hidden={!modulationOpen}
        target={modulationTarget}
        onProblem={(title, lines) => setNotice({ tone: 'warning', title, lines })}
        onClose={() => setModulationOpen(false)}
      />

      <div id="ds-controls-panel" className="ds-side ds-leva" hidden={!controlsOpen}>
        <Leva fill titleBar={{ title: 'Dream controls', drag: false, filter: true }} theme={levaTheme} collapsed={false} />
      </div>
      <SceneFolder
        store={store}
        clock={clock}
        onPauseChange={setPaused}
        onSeedRejected={(message) => setNotice({ tone: 'warning', title: 'Seed not changed', lines: [message] })}
      />
      <LayerFolders store={store} registry={registry} onModulate={openModulation} />

      {notice && (
        <div className={`ds-notice ds-notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} {...noticeHold}>
          <strong>{notice.title}</strong>
          {notice.lines?.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
          <div className="ds-notice-actions">
            {notice.actions?.map((action) => (
              <button
                key={action.label}
                onClick={() => {
                  action.run()
                  setNotice(undefined)
                }}
              >
                {action.label}
              </button>
            ))}
            {!notice.needsAnswer && <button onClick={() => setNotice(undefined)}>Dismiss</button>}
          </div>
        </div>
      )}
      {galleryOpen && <Gallery entries={gallery} onOpen={(e) => openEntry(e, false)} onRemix={(e) => openEntry(e, true)} onClose={() => setGalleryOpen(false)} />}
      {sharing !== null && <ShareDialog url={sharing} title={title} onClose={() => setSharing(null)} />}
    </div>
  )
}
