/**
 * Leva folders: one per layer instance, in stack order (top of the stack first), plus the "Dream" folder of
 * scene-wide settings. Panel edits go to the store; store changes (undo, import) flow back into the panel.
 */
import { button, folder, levaStore, useControls } from 'leva'
import type { Schema } from 'leva/dist/declarations/src/types'
import { useEffect, useMemo, useRef, type DependencyList } from 'react'
import { useStore } from 'zustand'
import type { AnyLayerType } from '../core/defineLayer'
import { checkSeed, layerFieldSpecs, layerFields, sceneType, type DreamDocument } from '../core/document'
import { setLayerParams, setLayerProps, setScene, setSeed } from '../core/documentOps'
import type { DreamStore } from '../core/dreamStore'
import { paramEquals, type ParamSpec, type ParamSpecs, type ParamValue } from '../core/params'
import { randomSeed } from '../core/random'
import type { DreamClock } from '../scene/clock'
import { controlKey, fromLeva, levaSchemaFor, SCENE_OWNER } from './levaSchema'

type SetValues = (values: Record<string, unknown>) => void
type GetValue = (path: string) => unknown

/** Leva's types cannot follow schemas built at run time; this is the one place that says so. */
function useDynamicControls(schema: () => Record<string, unknown>, deps: DependencyList): [SetValues, GetValue] {
  const [, set, get] = useControls(schema as () => Schema, deps) as unknown as [unknown, SetValues, GetValue]
  return [set, get]
}

type LevaContext = { fromPanel: boolean; initial: boolean }

/** What one control edits: where its value lives in the document and the edit that sets it. */
interface Binding {
  read(doc: DreamDocument): ParamValue | undefined
  write(doc: DreamDocument, value: ParamValue): DreamDocument
  /** Names the edited field so rapid edits of it coalesce into one undo step. */
  field: string
}

/**
 * The handler options of one control, built for its binding (never derived from the control key). Edits
 * compare before they write. Undo steps: a pointer gesture in the panel is one step (EditorApp); Leva's own
 * edit-start/end events are not used, since a text field fires them on focus and blur, which split a drag.
 */
function bound(store: DreamStore, spec: ParamSpec, binding: Binding) {
  return {
    transient: false,
    onChange: (value: unknown, _path: string, context: LevaContext) => {
      // Leva reports every control once as it mounts (initial, yet marked fromPanel): that is not an edit.
      if (!context.fromPanel || context.initial) return
      const next = fromLeva(spec, value)
      const current = binding.read(store.getState().document)
      if (current === undefined || paramEquals(next, current)) return
      store.edit((doc) => binding.write(doc, next), binding.field)
    },
  }
}

/**
 * Leva records a folder's settings only the first time it sees the folder's path, so a moved layer's folder
 * would keep its first position: keep the recorded order current (read whenever Leva sorts the panel).
 */
function keepFolderOrder(path: string, order: number) {
  const settings = levaStore.getFolderSettings(path) as { order?: number }
  if ('order' in settings) settings.order = order
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

/** The layer fields as declared in core (defaults, ranges, the type's own blend), with the panel's labels and step. */
function layerProps(layerType: AnyLayerType) {
  const fields = layerFieldSpecs(layerType)
  return {
    enabled: { ...fields.enabled, label: 'visible' },
    opacity: { ...fields.opacity, step: 0.01, label: 'opacity' },
    blend: { ...fields.blend, label: 'blend' },
  } as const satisfies ParamSpecs
}

/** Bound parameters of `owner` ("scene" or a layer id), joined: a stable string for selectors and deps. */
const boundParamsOf = (doc: DreamDocument, owner: string) =>
  [...new Set((doc.modulation?.bindings ?? []).filter((b) => b.layer === owner).map((b) => b.param))].sort().join(',')
/** A bound parameter's label carries the modulation mark (its value moves with a source). */
const markBound = (bound: string, param: string, spec: ParamSpec) => (bound.split(',').includes(param) ? { label: `${spec.label ?? param} ∿` } : {})

export function LayerFolder({ store, id, layerType, position, onModulate }: { store: DreamStore; id: string; layerType: AnyLayerType; position: number; onModulate?: (id: string) => void }) {
  const layer = useStore(store, (state) => state.document.layers.find((l) => l.id === id))
  const boundParams = useStore(store, (state) => boundParamsOf(state.document, id))
  // Leva splits folder names on '.', so the name carries no dots; `order` keeps folders in stack order.
  const name = `${layerType.label} · ${id}`
  const props = useMemo(() => layerProps(layerType), [layerType])
  const [set, get] = useDynamicControls(
    () => {
      const initial = layer ?? { ...layerFields(layerType).defaults, params: layerType.defaults }
      const find = (doc: DreamDocument) => doc.layers.find((l) => l.id === id)
      const propsSchema = levaSchemaFor(props, initial as unknown as Record<string, ParamValue>, id, (prop, spec) =>
        bound(store, spec, {
          read: (doc) => find(doc)?.[prop as keyof typeof props],
          write: (doc, value) => setLayerProps(doc, id, { [prop]: value }),
          field: `${id}.${prop}`,
        }),
      )
      const params = levaSchemaFor(layerType.params, initial.params, id, (param, spec) => ({
        ...bound(store, spec, {
          read: (doc) => {
            const current = find(doc)
            return current ? (current.params[param] ?? spec.default) : undefined
          },
          write: (doc, value) => setLayerParams(doc, id, { [param]: value }),
          field: `${id}.${param}`,
        }),
        ...markBound(boundParams, param, spec),
      }),
      )
      keepFolderOrder(name, position)
      const modulate = onModulate ? { [`modulate ${id}`]: button(() => onModulate(id)) } : {}
      return { [name]: folder({ ...propsSchema, ...params, ...modulate } as Schema, { order: position }) }
    },
    [id, layerType, props, name, position, boundParams, onModulate],
  )
  const propValues = useMemo(
    () => (layer ? { enabled: layer.enabled, opacity: layer.opacity, blend: layer.blend } : undefined),
    [layer],
  )
  useSyncToPanel(props, propValues, id, set, get)
  useSyncToPanel(layerType.params, layer?.params, id, set, get)
  return null
}

export function SceneFolder({
  store,
  clock,
  onPauseChange,
  onSeedRejected,
}: {
  store: DreamStore
  clock: DreamClock
  onPauseChange: (paused: boolean) => void
  /** A typed seed that is not a 32-bit whole number: the sentence to show (the seed is left unchanged). */
  onSeedRejected?: (message: string) => void
}) {
  const scene = useStore(store, (state) => state.document.scene)
  const seed = useStore(store, (state) => state.document.seed)
  const panel = useRef<{ set: SetValues } | null>(null)
  const rejected = useRef(onSeedRejected)
  rejected.current = onSeedRejected
  const [set, get] = useDynamicControls(
    () => ({
      Dream: folder(
        {
          seed: {
            value: store.getState().document.seed,
            step: 1,
            label: 'seed',
            transient: false,
            onChange: (value: number, _path: string, context: LevaContext) => {
              if (!context.fromPanel || context.initial) return
              const current = store.getState().document.seed
              if (value === current) return
              const problem = checkSeed(value)
              if (problem === undefined) return store.edit((doc) => setSeed(doc, value), 'seed')
              // Say so and show the seed that is still in use, rather than wrapping the value into range.
              rejected.current?.(`${problem} The seed stays ${current}.`)
              queueMicrotask(() => panel.current?.set({ seed: store.getState().document.seed }))
            },
          },
          reroll: button(() => store.edit((doc) => setSeed(doc, randomSeed()))),
          'pause / play': button(() => {
            clock.paused = !clock.paused
            onPauseChange(clock.paused)
          }),
          ...(levaSchemaFor(sceneType.params, store.getState().document.scene, SCENE_OWNER, (setting, spec) =>
            bound(store, spec, {
              read: (doc) => (doc.scene as Record<string, ParamValue>)[setting],
              write: (doc, value) => setScene(doc, { [setting]: value }),
              field: `scene.${setting}`,
            }),
          ) as Schema),
        },
        { order: -1 },
      ),
    }),
    [],
  )
  panel.current = { set }
  useSyncToPanel(sceneType.params, scene, SCENE_OWNER, set, get)
  useEffect(() => {
    try {
      if (get('seed') !== seed) set({ seed })
    } catch {
      /* not mounted yet */
    }
  }, [seed, set, get])
  return null
}
