/**
 * Leva folders: one per layer instance, in stack order (top of the stack first), plus the "Dream" folder of
 * scene-wide settings. Panel edits go to the store; store changes (undo, import) flow back into the panel.
 */
import { button, folder, useControls } from 'leva'
import type { Schema } from 'leva/dist/declarations/src/types'
import { useEffect, useMemo, type DependencyList } from 'react'
import { useStore } from 'zustand'
import { BLEND_MODES, type AnyLayerType } from '../core/defineLayer'
import { sceneType } from '../core/document'
import { setLayerParams, setLayerProps, setScene, setSeed } from '../core/documentOps'
import type { DreamStore } from '../core/dreamStore'
import { paramEquals, type ParamSpecs, type ParamValue } from '../core/params'
import { randomSeed } from '../core/random'
import type { DreamClock } from '../scene/clock'
import { controlKey, fromLeva, levaSchemaFor } from './levaSchema'

type SetValues = (values: Record<string, unknown>) => void
type GetValue = (path: string) => unknown

/** Leva's types cannot follow schemas built at run time; this is the one place that says so. */
function useDynamicControls(schema: () => Record<string, unknown>, deps: DependencyList): [SetValues, GetValue] {
  const [, set, get] = useControls(schema as () => Schema, deps) as unknown as [unknown, SetValues, GetValue]
  return [set, get]
}

type OnChange = (value: unknown, path: string, context: { fromPanel: boolean; initial: boolean }) => void

/** Attach change/edit handlers to every input of a flat schema. */
function withHandlers(
  schema: Record<string, object>,
  onChange: (key: string) => OnChange,
  store: DreamStore,
) {
  const out: Record<string, object> = {}
  for (const [key, input] of Object.entries(schema))
    out[key] = {
      ...input,
      onChange: onChange(key),
      transient: false,
      // a drag on a slider is one undo step
      onEditStart: () => store.beginGesture(),
      onEditEnd: () => store.endGesture(),
    }
  return out
}

/** Pushes store values into Leva when they differ (undo, redo, import), without echoing panel edits. */
function useSyncToPanel(
  specs: ParamSpecs,
  values: Readonly<Record<string, ParamValue>> | undefined,
  owner: string,
  set: (values: Record<string, unknown>) => void,
  get: (path: string) => unknown,
) {
  useEffect(() => {
    if (!values) return
    const changed: Record<string, unknown> = {}
    for (const [key, spec] of Object.entries(specs)) {
      const id = controlKey(owner, key)
      const value = values[key] ?? spec.default
      let current: unknown
      try {
        current = get(id)
      } catch {
        continue // the input is not mounted yet
      }
      if (JSON.stringify(fromLeva(spec, current)) !== JSON.stringify(value))
        changed[id] = Array.isArray(value) ? [...value] : value
    }
    if (Object.keys(changed).length) set(changed)
  }, [specs, values, owner, set, get])
}

const LAYER_PROPS = {
  enabled: { kind: 'bool', default: true, label: 'visible' },
  opacity: { kind: 'float', default: 1, min: 0, max: 1, step: 0.01, label: 'opacity' },
  blend: { kind: 'select', default: 'normal', options: BLEND_MODES, label: 'blend' },
} as const satisfies ParamSpecs

export function LayerFolder({ store, id, layerType, position }: { store: DreamStore; id: string; layerType: AnyLayerType; position: number }) {
  const layer = useStore(store, (state) => state.document.layers.find((l) => l.id === id))
  // Leva splits folder names on '.', so the name carries no dots; `order` keeps folders in stack order.
  const name = `${layerType.label} · ${id}`
  const [set, get] = useDynamicControls(
    () => {
      const initial = layer ?? { enabled: true, opacity: 1, blend: 'normal', params: layerType.defaults }
      const props = withHandlers(
        levaSchemaFor(LAYER_PROPS, initial as unknown as Record<string, ParamValue>, id),
        (key) => (value, _path, context) => {
          if (!context.fromPanel) return
          const prop = key.slice(0, key.lastIndexOf('_')) as keyof typeof LAYER_PROPS
          const current = store.getState().document.layers.find((l) => l.id === id)
          if (!current || current[prop] === value) return
          store.edit((doc) => setLayerProps(doc, id, { [prop]: value }), `${id}.${prop}`)
        },
        store,
      )
      const params = withHandlers(
        levaSchemaFor(layerType.params, initial.params, id),
        (key) => (value, _path, context) => {
          if (!context.fromPanel) return
          const param = key.slice(0, key.lastIndexOf('_'))
          const spec = layerType.params[param]
          const current = store.getState().document.layers.find((l) => l.id === id)
          if (!spec || !current) return
          const next = fromLeva(spec, value)
          if (paramEquals(next, current.params[param] ?? spec.default)) return // Leva echoing a value it was given
          store.edit((doc) => setLayerParams(doc, id, { [param]: next }), `${id}.${param}`)
        },
        store,
      )
      return { [name]: folder({ ...props, ...params } as Schema, { order: position }) }
    },
    [id, layerType, name, position],
  )
  const propValues = useMemo(
    () => (layer ? { enabled: layer.enabled, opacity: layer.opacity, blend: layer.blend } : undefined),
    [layer],
  )
  useSyncToPanel(LAYER_PROPS, propValues, id, set, get)
  useSyncToPanel(layerType.params, layer?.params, id, set, get)
  return null
}

export function SceneFolder({ store, clock, onPauseChange }: { store: DreamStore; clock: DreamClock; onPauseChange: (paused: boolean) => void }) {
  const scene = useStore(store, (state) => state.document.scene)
  const seed = useStore(store, (state) => state.document.seed)
  const [set, get] = useDynamicControls(
    () => ({
      Dream: folder(
        {
          seed: {
            value: store.getState().document.seed,
            step: 1,
            label: 'seed',
            onChange: (value: number, _path: string, context: { fromPanel: boolean }) => {
              if (context.fromPanel && Number.isFinite(value)) store.edit((doc) => setSeed(doc, Math.abs(Math.round(value))), 'seed')
            },
          },
          reroll: button(() => store.edit((doc) => setSeed(doc, randomSeed()))),
          'pause / play': button(() => {
            clock.paused = !clock.paused
            onPauseChange(clock.paused)
          }),
          ...(withHandlers(
            levaSchemaFor(sceneType.params, store.getState().document.scene, 'scene'),
            (key) => (value, _path, context) => {
              if (!context.fromPanel) return
              const setting = key.slice(0, key.lastIndexOf('_'))
              const spec = (sceneType.params as ParamSpecs)[setting]
              const current = (store.getState().document.scene as Record<string, ParamValue>)[setting]
              if (spec && current !== undefined && paramEquals(fromLeva(spec, value), current)) return
              if (spec) store.edit((doc) => setScene(doc, { [setting]: fromLeva(spec, value) }), `scene.${setting}`)
            },
            store,
          ) as Schema),
        },
        { order: -1 },
      ),
    }),
    [],
  )
  useSyncToPanel(sceneType.params, scene, 'scene', set, get)
  useEffect(() => {
    try {
      if (get('seed') !== seed) set({ seed })
    } catch {
      /* not mounted yet */
    }
  }, [seed, set, get])
  return null
}
