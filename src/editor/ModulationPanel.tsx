/**
 * The studio's Modulation panel: the document's sources (add, remove, their params, a live meter each), its
 * bindings (target chosen from menus derived from the layer declarations, depth, offset, curve), MIDI learn,
 * and where the sound comes from (microphone with a permission flow that explains itself, or a dropped file).
 * Everything is derived from declarations: source params from the source type's specs, targets from the layer
 * types' specs. Every edit goes through the document ops and the store, so undo covers it.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { LayerRegistry } from '../core/defineLayer'
import { SCENE_TARGET, type DreamDocument, type ModulationBinding } from '../core/document'
import { addBinding, addModulationSource, newModulationSourceId, removeBinding, removeModulationSource, updateBinding, updateModulationSource } from '../core/documentOps'
import type { DreamStore } from '../core/dreamStore'
import type { ParamSpec, ParamValue } from '../core/params'
import type { AudioSession } from '../modulation/audio/live'
import { CURVES, type Curve } from '../modulation/curves'
import type { ModulationInputs } from '../modulation/inputs'
import type { LiveInputs } from '../modulation/live'
import { sourceRegistry } from '../modulation/sources'
import { bindingFields, COLOR_COMPONENTS, componentCount, resolveBinding, targetSpecs } from '../modulation/targets'
import './Modulation.css'

export interface ModulationPanelProps {
  store: DreamStore
  registry: LayerRegistry
  inputs: ModulationInputs
  live: LiveInputs | null
  /** The running modulator's value of a source (0..1), for the meters. */
  sourceValue?: (sourceId: string) => number
  /** The layer a "modulate…" button asked for: the new binding's menus start there. */
  target?: string
  /** Kept mounted while closed, so a playing sound goes on. */
  hidden?: boolean
  /** A sentence for the studio's notice area (refusals, failed edits). */
  onProblem: (title: string, lines?: string[]) => void
  onClose: () => void
}

const AUDIO_FILE = /\.(wav|mp3|ogg|oga|opus|flac|m4a|aac|webm)$/i
const isAudioFile = (file: File) => file.type.startsWith('audio/') || AUDIO_FILE.test(file.name)

/** A one-line description of a binding's target, e.g. "nebula-1 · color (hue)". */
export function targetLabel(binding: Pick<ModulationBinding, 'layer' | 'param' | 'component'>): string {
  const where = binding.layer === SCENE_TARGET ? 'scene' : binding.layer
  if (binding.component === undefined) return `${where} · ${binding.param}`
  return `${where} · ${binding.param} (${componentName(binding.param, binding.component, undefined)})`
}

function componentName(_param: string, component: number, spec: ParamSpec | undefined): string {
  if (spec?.kind === 'color') return COLOR_COMPONENTS[component] ?? String(component)
  return spec ? (['x', 'y', 'z'][component] ?? String(component)) : String(component)
}

/** The params a target offers to bindings: numbers, vector components and colours (from its declaration). */
function bindableParams(doc: DreamDocument, registry: LayerRegistry, target: string): { param: string; spec: ParamSpec; count: number }[] {
  const specs = targetSpecs(doc, registry, target)
  if (!specs) return []
  const out: { param: string; spec: ParamSpec; count: number }[] = []
  for (const [param, spec] of Object.entries(specs)) {
    const count = componentCount(spec)
    // the core's own rule decides (scene settings that drive the clock, switches, choices are refused there)
    if (count !== undefined && !resolveBinding(doc, registry, { layer: target, param, component: count > 0 ? 0 : undefined }).problem) out.push({ param, spec, count })
  }
  return out
}

/** One input for one spec: the same derivation for every source type (no per-source UI). */
function SpecField({ name, spec, value, onChange }: { name: string; spec: ParamSpec; value: ParamValue; onChange: (value: ParamValue) => void }) {
  const label = spec.label ?? name
  const id = useId(name)
  let control: ReactNode
  switch (spec.kind) {
    case 'float':
    case 'int': {
      const step = spec.kind === 'int' ? 1 : (spec.step ?? (spec.max - spec.min) / 200)
      control = (
        <span className="ds-mod-range">
          <input type="range" id={id} min={spec.min} max={spec.max} step={step} value={value as number} onChange={(e) => onChange(Number(e.target.value))} />
          <input
            type="number"
            aria-label={`${label} value`}
            min={spec.min}
            max={spec.max}
            step={step}
            value={value as number}
            onChange={(e) => {
              const next = Number(e.target.value)
              if (e.target.value !== '' && Number.isFinite(next)) onChange(Math.min(spec.max, Math.max(spec.min, next)))
            }}
          />
        </span>
      )
      break
    }
    case 'select':
      control = (
        <select id={id} value={value as string} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      )
      break
    case 'bool':
      control = <input type="checkbox" id={id} checked={value as boolean} onChange={(e) => onChange(e.target.checked)} />
      break
    case 'color':
      control = <input type="color" id={id} value={value as string} onChange={(e) => onChange(e.target.value)} />
      break
    default:
      control = <span className="ds-muted">{JSON.stringify(value)}</span>
  }
  return (
    <label className="ds-mod-field" htmlFor={id} title={spec.hint}>
      <span>{label}</span>
      {control}
    </label>
  )
}

let nextId = 0
function useId(name: string) {
  return useMemo(() => `ds-mod-${name}-${++nextId}`, [name])
}

/** A bar that follows the source's value every animation frame, without React renders. */
function Meter({ sourceId, sourceValue }: { sourceId: string; sourceValue?: (id: string) => number }) {
  const bar = useRef<HTMLSpanElement>(null)
  const holder = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    if (!sourceValue) return
    let frame = 0
    const tick = () => {
      const value = Math.min(1, Math.max(0, sourceValue(sourceId) || 0))
      if (bar.current) bar.current.style.transform = `scaleX(${value})`
      holder.current?.setAttribute('aria-valuenow', value.toFixed(2))
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
    return () => cancelAnimationFrame(frame)
  }, [sourceId, sourceValue])
  return (
    <span className="ds-mod-meter" role="meter" aria-label={`${sourceId} level`} aria-valuemin={0} aria-valuemax={1} aria-valuenow={0} ref={holder} data-source={sourceId}>
      <span ref={bar} />
    </span>
  )
}

type AudioState = { status: 'off' } | { status: 'asking' } | { status: 'loading'; name: string } | { status: 'on'; session: AudioSession } | { status: 'failed'; message: string }

/** Where the sound comes from: the microphone (after saying why it asks) or a file, dropped or chosen. */
function SoundSource({ inputs, onProblem }: { inputs: ModulationInputs; onProblem: ModulationPanelProps['onProblem'] }) {
  const [state, setState] = useState<AudioState>({ status: 'off' })
  const sessionRef = useRef<AudioSession | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  const replace = (session: AudioSession | null) => {
    sessionRef.current?.stop()
    sessionRef.current = session
  }
  useEffect(() => () => replace(null), [])

  const start = async (how: () => Promise<AudioSession>, loading: AudioState) => {
    setState(loading)
    try {
      const session = await how()
      replace(session)
      setState({ status: 'on', session })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      setState({ status: 'failed', message })
      onProblem('The sound could not start', [message])
    }
  }
  const microphone = () => void start(async () => (await import('../modulation/audio/live')).startMicrophone(inputs), { status: 'loading', name: 'microphone' })
  const file = (f: File) => void start(async () => (await import('../modulation/audio/live')).startAudioFile(inputs, f), { status: 'loading', name: f.name })

  // An audio file dropped anywhere on the studio plays here (preset files are not audio and pass through).
  useEffect(() => {
    const audioIn = (event: DragEvent) => [...(event.dataTransfer?.items ?? [])].some((item) => item.kind === 'file' && item.type.startsWith('audio/'))
    const over = (event: DragEvent) => {
      if (audioIn(event)) event.preventDefault()
    }
    const drop = (event: DragEvent) => {
      const dropped = [...(event.dataTransfer?.files ?? [])].find(isAudioFile)
      if (!dropped) return
      event.preventDefault()
      file(dropped)
    }
    window.addEventListener('dragover', over)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', over)
      window.removeEventListener('drop', drop)
    }
  })

  return (
    <div className="ds-mod-sound" data-state={state.status}>
      {state.status === 'on' ? (
        <p>
          Listening to <strong>{state.session.kind === 'microphone' ? 'the microphone' : `“${state.session.name}”`}</strong>{' '}
          <button
            onClick={() => {
              replace(null)
              setState({ status: 'off' })
            }}
          >
            Stop
          </button>
        </p>
      ) : state.status === 'asking' ? (
        <div className="ds-mod-ask" role="group" aria-label="Microphone permission">
          <p>
            The dream will listen to the microphone and follow its loudness and its beats. Nothing is recorded or sent anywhere; the browser asks you
            first.
          </p>
          <button className="ds-primary" onClick={microphone}>
            Allow the microphone
          </button>{' '}
          <button onClick={() => setState({ status: 'off' })}>Not now</button>
        </div>
      ) : (
        <p>
          {state.status === 'loading' ? <span>Starting {state.name}…</span> : <span className="ds-muted">Sound: none. </span>}
          <button onClick={() => setState({ status: 'asking' })} disabled={state.status === 'loading'}>
            Microphone…
          </button>{' '}
          <button onClick={() => fileInput.current?.click()} disabled={state.status === 'loading'} title="Or drop an audio file anywhere on the studio">
            Audio file…
          </button>
        </p>
      )}
      {state.status === 'failed' && <p className="ds-error">{state.message}</p>}
      <input
        ref={fileInput}
        type="file"
        accept="audio/*"
        hidden
        data-testid="audio-file"
        onChange={(event) => {
          const chosen = event.target.files?.[0]
          event.target.value = ''
          if (chosen) file(chosen)
        }}
      />
    </div>
  )
}

/** MIDI learn: waits for the next knob or key and points the source at it. */
function useMidiLearn(store: DreamStore, inputs: ModulationInputs, live: LiveInputs | null, onProblem: ModulationPanelProps['onProblem']) {
  const [learning, setLearning] = useState<string | null>(null)
  // the latest handler, without restarting the wait (and losing the knob turned meanwhile) on every render
  const problem = useRef(onProblem)
  problem.current = onProblem
  useEffect(() => {
    if (!learning) return
    let frame = 0
    let cancelled = false
    live
      ?.startMidi()
      .then(() => {
        // lastEvent was cleared by the click (see learn below): a knob turned while this starts counts
        const wait = () => {
          if (cancelled) return
          const event = inputs.midi.lastEvent
          if (event) {
            const id = learning
            setLearning(null)
            try {
              store.edit((doc) => updateModulationSource(doc, id, { params: { message: event.kind, channel: event.channel, number: event.number } }))
            } catch (error) {
              problem.current('MIDI learn failed', [(error as Error).message])
            }
            return
          }
          frame = requestAnimationFrame(wait)
        }
        wait()
      })
      .catch(() => setLearning(null)) // the refusal itself is reported by LiveInputs
    return () => {
      cancelled = true
      cancelAnimationFrame(frame)
    }
  }, [learning, inputs, live, store])
  const learn = (id: string | null) => {
    // cleared at the click itself, not in the effect: a passive effect may run after the first knob turn
    if (id) inputs.midi.lastEvent = null
    setLearning(id)
  }
  return [learning, learn] as const
}

function NewBinding({ store, registry, doc, initialTarget, onProblem }: { store: DreamStore; registry: LayerRegistry; doc: DreamDocument; initialTarget?: string; onProblem: ModulationPanelProps['onProblem'] }) {
  const sources = doc.modulation?.sources ?? []
  const [source, setSource] = useState('')
  const [target, setTarget] = useState(initialTarget ?? '')
  const [param, setParam] = useState('')
  const [component, setComponent] = useState(0)
  const chosenSource = sources.some((s) => s.id === source) ? source : (sources[0]?.id ?? '')
  const targets = [...doc.layers].reverse().map((layer) => ({ id: layer.id, label: `${layer.id} (${registry.get(layer.type)?.label ?? layer.type})` }))
  const chosenTarget = target === SCENE_TARGET || targets.some((t) => t.id === target) ? target : (targets[0]?.id ?? SCENE_TARGET)
  const params = bindableParams(doc, registry, chosenTarget)
  const chosen = params.find((p) => p.param === param) ?? params[0]
  const count = chosen?.count ?? 0
  const bind = () => {
    if (!chosen || !chosenSource) return
    try {
      store.edit((d) => addBinding(d, { source: chosenSource, layer: chosenTarget, param: chosen.param, component: count > 0 ? Math.min(component, count - 1) : undefined }, registry))
    } catch (error) {
      onProblem('Not bound', [(error as Error).message])
    }
  }
  if (!sources.length) return <p className="ds-muted">Add a source, then bind it to any number, vector or colour of a layer.</p>
  return (
    <div className="ds-mod-new-binding" role="group" aria-label="New binding">
      <label>
        <span>source</span>
        <select aria-label="Binding source" value={chosenSource} onChange={(e) => setSource(e.target.value)}>
          {sources.map((s) => (
            <option key={s.id}>{s.id}</option>
          ))}
        </select>
      </label>
      <label>
        <span>layer</span>
        <select aria-label="Binding layer" value={chosenTarget} onChange={(e) => setTarget(e.target.value)}>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
          <option value={SCENE_TARGET}>scene (the Dream settings)</option>
        </select>
      </label>
      <label>
        <span>parameter</span>
        <select aria-label="Binding parameter" value={chosen?.param ?? ''} onChange={(e) => setParam(e.target.value)}>
          {params.map((p) => (
            <option key={p.param} value={p.param}>
              {p.spec.label ?? p.param}
            </option>
          ))}
        </select>
      </label>
      {count > 0 && chosen && (
        <label>
          <span>component</span>
          <select aria-label="Binding component" value={Math.min(component, count - 1)} onChange={(e) => setComponent(Number(e.target.value))}>
            {Array.from({ length: count }, (_, i) => (
              <option key={i} value={i}>
                {componentName(chosen.param, i, chosen.spec)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button className="ds-primary" onClick={bind} disabled={!chosen}>
        Bind
      </button>
    </div>
  )
}

export function ModulationPanel({ store, registry, inputs, live, sourceValue, hidden, target, onProblem, onClose }: ModulationPanelProps) {
  const doc = useStore(store, (state) => state.document)
  const sources = doc.modulation?.sources ?? []
  const bindings = doc.modulation?.bindings ?? []
  const [newType, setNewType] = useState(sourceRegistry.all[0]!.type)
  const [learning, setLearning] = useMidiLearn(store, inputs, live, onProblem)
  const usesAudio = sources.some((s) => sourceRegistry.get(s.type)?.input === 'audio')

  const edit = (change: (d: DreamDocument) => DreamDocument, field?: string) => {
    try {
      store.edit(change, field)
    } catch (error) {
      onProblem('Modulation not changed', [(error as Error).message])
    }
  }
  const specOf = (binding: ModulationBinding) => targetSpecs(doc, registry, binding.layer)?.[binding.param]

  return (
    <section className="ds-panel ds-modulation" aria-label="Modulation" hidden={hidden}>
      <header>
        <h2>Modulation</h2>
        <button className="ds-icon" aria-label="Close modulation" onClick={onClose}>
          ×
        </button>
      </header>

      <h3>Sources</h3>
      <ul className="ds-mod-sources">
        {sources.map((source) => {
          const type = sourceRegistry.get(source.type)
          return (
            <li key={source.id} data-source={source.id}>
              <div className="ds-mod-source-head">
                <strong title={type?.description}>{source.id}</strong>
                <small className="ds-muted">{type?.label ?? source.type}</small>
                <Meter sourceId={source.id} sourceValue={sourceValue} />
                {type?.input === 'midi' && (
                  <button onClick={() => setLearning(learning === source.id ? null : source.id)} aria-pressed={learning === source.id} title="Move a knob or press a key on your controller">
                    {learning === source.id ? 'Move a control…' : 'Learn'}
                  </button>
                )}
                <button className="ds-icon" aria-label={`Remove source ${source.id}`} title="Remove this source and its bindings" onClick={() => edit((d) => removeModulationSource(d, source.id))}>
                  ×
                </button>
              </div>
              {type &&
                Object.entries(type.params).map(([name, spec]) => (
                  <SpecField
                    key={name}
                    name={name}
                    spec={spec}
                    value={source.params[name] ?? spec.default}
                    onChange={(value) => edit((d) => updateModulationSource(d, source.id, { params: { [name]: value } }), `modulation.${source.id}.${name}`)}
                  />
                ))}
            </li>
          )
        })}
      </ul>
      <div className="ds-mod-add">
        <select aria-label="New source type" value={newType} onChange={(e) => setNewType(e.target.value)}>
          {sourceRegistry.all.map((type) => (
            <option key={type.type} value={type.type} title={type.description}>
              {type.label}
            </option>
          ))}
        </select>
        <button onClick={() => edit((d) => addModulationSource(d, newType))} title={`Adds "${newModulationSourceId(doc, newType)}"`}>
          Add source
        </button>
      </div>
      {usesAudio && <SoundSource inputs={inputs} onProblem={onProblem} />}

      <h3>Bindings</h3>
      <ul className="ds-mod-bindings">
        {bindings.map((binding, index) => {
          const spec = specOf(binding)
          // the layer as the stack shows it (its type's label, then its id): ids alone read as codes
          const layerType = registry.get(doc.layers.find((layer) => layer.id === binding.layer)?.type ?? '')
          const targetName = binding.layer === SCENE_TARGET ? 'scene' : layerType ? `${layerType.label} ${binding.layer}` : binding.layer
          const label = `${binding.source} → ${targetName} · ${spec?.label ?? binding.param}${binding.component === undefined ? '' : ` (${componentName(binding.param, binding.component, spec)})`}`
          return (
            <li key={`${binding.source}|${binding.layer}|${binding.param}|${binding.component ?? ''}`} data-binding={index}>
              <div className="ds-mod-source-head">
                <span className="ds-mod-binding-label">{label}</span>
                <button className="ds-icon" aria-label={`Remove binding ${label}`} onClick={() => edit((d) => removeBinding(d, index))}>
                  ×
                </button>
              </div>
              {(['depth', 'offset', 'curve'] as const).map((field) => (
                <SpecField
                  key={field}
                  name={field}
                  spec={bindingFields.params[field]}
                  value={binding[field]}
                  onChange={(value) => edit((d) => updateBinding(d, index, { [field]: value as number & Curve }), `modulation.binding.${index}.${field}`)}
                />
              ))}
            </li>
          )
        })}
      </ul>
      <NewBinding key={target} store={store} registry={registry} doc={doc} initialTarget={target} onProblem={onProblem} />
      <p className="ds-muted ds-mod-foot">
        Curves: {CURVES.join(', ')}. A bound parameter shows ∿ in the controls; without its input (no sound, no controller) a binding rests at its offset.
      </p>
    </section>
  )
}
