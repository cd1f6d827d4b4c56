/**
 * The layer stack: what is in the dream and in which order. Top of the list is the top of the stack (drawn
 * last), as in every image editor. Reorder with the arrows or by dragging a row.
 */
import { useState, type DragEvent } from 'react'
import { useStore } from 'zustand'
import type { LayerKind, LayerRegistry } from '../core/defineLayer'
import { LIMITS, type DreamLayer } from '../core/document'
import { addLayer, duplicateLayer, moveLayer, removeLayer, setLayerProps } from '../core/documentOps'
import type { DreamStore } from '../core/dreamStore'

const KIND_TITLES: Record<LayerKind, string> = { backdrop: 'Backdrops', object: 'Objects', effect: 'Effects' }

/**
 * What the artist reads for each layer: its type's label, numbered from the bottom of the stack when the
 * dream holds more than one of that type ("Aurora 1", "Aurora 2"), so truncated rows never read alike.
 */
export function layerNames(layers: readonly DreamLayer[], registry: LayerRegistry): Map<string, string> {
  const total = new Map<string, number>()
  for (const layer of layers) total.set(layer.type, (total.get(layer.type) ?? 0) + 1)
  const seen = new Map<string, number>()
  const names = new Map<string, string>()
  for (const layer of layers) {
    const label = registry.get(layer.type)?.label ?? layer.type
    const n = (seen.get(layer.type) ?? 0) + 1
    seen.set(layer.type, n)
    names.set(layer.id, (total.get(layer.type) ?? 0) > 1 ? `${label} ${n}` : label)
  }
  return names
}

export const BACKDROP_ORDER_HINT =
  'Backdrops are drawn on the far plane, behind every 3D object, wherever they sit in the stack: moving one above an object changes nothing.'

/** Backdrops that sit above an object layer: their position in the stack has no effect, and the row says why. */
export function backdropsAboveObjects(layers: readonly DreamLayer[], registry: LayerRegistry): Set<string> {
  const out = new Set<string>()
  let objectBelow = false
  for (const layer of layers) {
    const kind = registry.get(layer.type)?.kind
    if (kind === 'object') objectBelow = true
    else if (kind === 'backdrop' && objectBelow) out.add(layer.id)
  }
  return out
}

export function LayerStack({ store, registry }: { store: DreamStore; registry: LayerRegistry }) {
  const layers = useStore(store, (state) => state.document.layers)
  const [dragging, setDragging] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const rows = [...layers].reverse()
  const names = layerNames(layers, registry)
  const misplacedBackdrops = backdropsAboveObjects(layers, registry)

  const add = (type: string) => {
    try {
      store.edit((doc) => addLayer(doc, registry, type))
      setError(null)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const drop = (event: DragEvent, targetId: string) => {
    event.preventDefault()
    const id = dragging ?? event.dataTransfer.getData('text/plain')
    setDragging(null)
    const target = layers.findIndex((l) => l.id === targetId)
    if (id && target >= 0) store.edit((doc) => moveLayer(doc, id, target))
  }

  return (
    <section className="ds-panel ds-stack" aria-label="Layer stack">
      <header>
        <h2>Layers</h2>
        <span className="ds-muted">
          {layers.length}/{LIMITS.layers}
        </span>
      </header>
      <ol>
        {rows.map((layer) => {
          const index = layers.indexOf(layer)
          const layerType = registry.get(layer.type)
          return (
            <li
              key={layer.id}
              data-layer-id={layer.id}
              className={`ds-layer ${layer.enabled ? '' : 'is-off'} ${dragging === layer.id ? 'is-dragging' : ''}`}
              draggable
              onDragStart={(event) => {
                setDragging(layer.id)
                event.dataTransfer.setData('text/plain', layer.id)
                event.dataTransfer.effectAllowed = 'move'
              }}
              onDragOver={(event) => event.preventDefault()}
              onDrop={(event) => drop(event, layer.id)}
              onDragEnd={() => setDragging(null)}
            >
              <button
                className="ds-icon"
                title={layer.enabled ? 'Hide layer' : 'Show layer'}
                aria-pressed={layer.enabled}
                onClick={() => store.edit((doc) => setLayerProps(doc, layer.id, { enabled: !layer.enabled }))}
              >
                {layer.enabled ? '◉' : '○'}
              </button>
              <span className="ds-layer-name" title={`${names.get(layer.id)} (${layer.id})${layerType?.description ? `: ${layerType.description}` : ''}`}>
                {names.get(layer.id)} <small>{layer.id}</small>
              </span>
              {misplacedBackdrops.has(layer.id) && (
                <span className="ds-layer-hint" role="note" title={BACKDROP_ORDER_HINT} aria-label={BACKDROP_ORDER_HINT} style={{ fontSize: '11px', color: '#ffc98a', cursor: 'help' }}>
                  ⓘ behind objects
                </span>
              )}
              <span className={`ds-kind ds-kind-${layerType?.kind ?? 'unknown'}`}>{layerType?.kind ?? '?'}</span>
              <button className="ds-icon" title="Move up" disabled={index === layers.length - 1} onClick={() => store.edit((doc) => moveLayer(doc, layer.id, index + 1))}>
                ↑
              </button>
              <button className="ds-icon" title="Move down" disabled={index === 0} onClick={() => store.edit((doc) => moveLayer(doc, layer.id, index - 1))}>
                ↓
              </button>
              <button className="ds-icon" title="Duplicate" onClick={() => store.edit((doc) => duplicateLayer(doc, layer.id))}>
                ❏
              </button>
              <button className="ds-icon" title="Remove" onClick={() => store.edit((doc) => removeLayer(doc, layer.id))}>
                ✕
              </button>
            </li>
          )
        })}
      </ol>
      {layers.length === 0 && <p className="ds-muted">An empty dream. Add a sky to begin.</p>}
      <details className="ds-palette">
        <summary>+ Add layer</summary>
        {(['backdrop', 'object', 'effect'] as const).map((kind) => (
          <div key={kind}>
            <h3>{KIND_TITLES[kind]}</h3>
            <div className="ds-palette-grid">
              {registry.all
                .filter((t) => t.kind === kind)
                .map((t) => (
                  <button key={t.type} data-add-layer={t.type} title={t.description} onClick={() => add(t.type)}>
                    {t.label}
                  </button>
                ))}
            </div>
          </div>
        ))}
      </details>
      {error && <p className="ds-error">{error}</p>}
    </section>
  )
}
