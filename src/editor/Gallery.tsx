/**
 * Celeste's dreamscapes: the built-in presets with their thumbnails. One click opens one, or remixes it
 * (a copy that remembers where it came from).
 */
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { loadPreset } from '../preset/load'
import { trapTab } from './useEscape'

const presetFiles = import.meta.glob<string>('../../presets/*.json', { eager: true, query: '?raw', import: 'default' })
const thumbnails = import.meta.glob<string>('../../presets/thumbnails/*.png', { eager: true, query: '?url', import: 'default' })

export interface GalleryEntry {
  name: string
  document: DreamDocument
  thumbnail?: string
}

const baseName = (path: string) => path.replace(/^.*\//, '').replace(/\.[^.]+$/, '')

/** Built-in presets, loaded through the same loader as any file (a broken one is left out and logged). */
export function builtInPresets(registry: LayerRegistry): GalleryEntry[] {
  const entries: GalleryEntry[] = []
  for (const [path, text] of Object.entries(presetFiles)) {
    const name = baseName(path)
    if (name === 'dreamscape.schema') continue
    const result = loadPreset(text, { registry })
    if (!result.ok) {
      console.error(`built-in preset ${name}: ${result.error.message}`)
      continue
    }
    const thumbnail = Object.entries(thumbnails).find(([thumbPath]) => baseName(thumbPath) === name)?.[1]
    entries.push({ name, document: result.document, thumbnail })
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name))
}

export function Gallery({
  entries,
  onOpen,
  onRemix,
  onClose,
}: {
  entries: GalleryEntry[]
  onOpen: (entry: GalleryEntry) => void
  onRemix: (entry: GalleryEntry) => void
  onClose: () => void
}) {
  return (
    <div className="ds-gallery" role="dialog" aria-modal="true" aria-label="Gallery of dreamscapes" onClick={onClose}>
      <div className="ds-gallery-inner" onClick={(event) => event.stopPropagation()} onKeyDown={(event) => trapTab(event, event.currentTarget)}>
        <header>
          <h2>Celeste's dreamscapes</h2>
          <button className="ds-icon" onClick={onClose} title="Close (Esc)" aria-label="Close" autoFocus>
            ✕
          </button>
        </header>
        <div className="ds-gallery-grid">
          {entries.map((entry) => (
            <figure key={entry.name} className="ds-card" data-preset={entry.name}>
              {entry.thumbnail ? <img src={entry.thumbnail} alt="" /> : <div className="ds-card-blank" />}
              <figcaption>
                <strong>{entry.document.meta.title}</strong>
                <span>{entry.document.meta.description}</span>
              </figcaption>
              <div className="ds-card-actions">
                <button onClick={() => onOpen(entry)}>Open</button>
                <button onClick={() => onRemix(entry)}>Remix</button>
              </div>
            </figure>
          ))}
        </div>
      </div>
    </div>
  )
}
