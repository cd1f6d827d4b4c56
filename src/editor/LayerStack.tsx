/**
 * The layer stack: what is in the dream and in which order. Top of the list is the top of the stack (drawn
 * last), as in every image editor. Reorder with the arrows or by dragging a row.
 */
import { useState, type DragEvent } from 'react'
import { useStore } from 'zustand'
import type { LayerKind, LayerRegistry } from '../core/defineLayer'
import { LIMITS } from '../core/document'
import { addLayer, duplicateLayer, moveLayer, removeLayer, setLayerProps } from '../core/documentOps'
import type { DreamStore } from '../core/dreamStore'

const KIND_TITLES: Record<LayerKind, string> = { backdrop: 'Backdrops', object: 'Objects', effect: 'Effects' }

export function LayerStack({ store, registry }: { store: DreamStore; registry: LayerRegistry }) {
  const layers = useStore(store, (state) => state.document.layers)
  const [dragging, setDragging] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const rows = [...layers].reverse()

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
              <span className="ds-layer-name" title={layerType?.description}>
                {layerType?.label ?? layer.type} <small>{layer.id}</small>
              </span>
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
