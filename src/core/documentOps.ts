/**
 * Pure edits of a dream document. Each returns a new document and leaves the input untouched; an edit that
 * changes nothing returns the SAME document, so the store records no undo step and autosave writes nothing
 * (a panel echoing the value it was given is not an edit).
 */
import type { LayerRegistry } from './defineLayer'
import { checkSeed, createLayer, LIMITS, newLayerId, type DreamDocument, type DreamLayer, type DreamModulation, type ModulationBinding, type ModulationSource } from './document'
import { paramEquals, sanitizeParam, type ParamSpec, type ParamValue } from './params'
import type { SceneSettings } from './sceneSettings'
import type { SourceRegistry } from '../modulation/defineSource'
import { sourceRegistry } from '../modulation/sources'
import { bindingFields, resolveBinding } from '../modulation/targets'

const withLayers = (doc: DreamDocument, layers: DreamLayer[]): DreamDocument => ({ ...doc, layers })
const ids = (doc: DreamDocument) => new Set(doc.layers.map((l) => l.id))

function mapLayer(doc: DreamDocument, id: string, change: (layer: DreamLayer) => DreamLayer): DreamDocument {
  let changed = false
  const layers = doc.layers.map((layer) => {
    if (layer.id !== id) return layer
    const next = change(layer)
    changed ||= next !== layer
    return next
  })
  return changed ? withLayers(doc, layers) : doc
}

/** `values` merged over `current`, or `current` itself when every given value is already there. */
function merged<V extends object>(current: V, values: Partial<V>): V {
  for (const [key, value] of Object.entries(values)) {
    const old = (current as Record<string, unknown>)[key]
    const same = value === undefined || old === undefined ? value === old : paramEquals(old as ParamValue, value as ParamValue)
    if (!same) return { ...current, ...values }
  }
  return current
}

/** Adds a new layer of `type` on top of the stack (or at `index`). Throws for unknown types or a full stack. */
export function addLayer(doc: DreamDocument, registry: LayerRegistry, type: string, index = doc.layers.length): DreamDocument {
  const layerType = registry.get(type)
  if (!layerType) throw new Error(`unknown layer type "${type}"`)
  if (doc.layers.length >= LIMITS.layers) throw new Error(`a dreamscape holds at most ${LIMITS.layers} layers`)
  const layers = [...doc.layers]
  layers.splice(index, 0, createLayer(layerType, ids(doc)))
  return withLayers(doc, layers)
}

/** Removes a layer and the bindings that target it (one edit: one undo step brings both back). */
export function removeLayer(doc: DreamDocument, id: string): DreamDocument {
  if (!doc.layers.some((l) => l.id === id)) return doc
  const next = withLayers(doc, doc.layers.filter((l) => l.id !== id))
  const bindings = doc.modulation?.bindings
  return bindings?.some((b) => b.layer === id) ? withModulation(next, { ...doc.modulation!, bindings: bindings.filter((b) => b.layer !== id) }) : next
}

export function duplicateLayer(doc: DreamDocument, id: string): DreamDocument {
  const index = doc.layers.findIndex((l) => l.id === id)
  const source = doc.layers[index]
  if (!source || doc.layers.length >= LIMITS.layers) return doc
  const layers = [...doc.layers]
  layers.splice(index + 1, 0, { ...source, id: newLayerId(ids(doc)), params: { ...source.params } })
  return withLayers(doc, layers)
}

/** Moves a layer to `toIndex` (clamped), the other layers keeping their order. */
export function moveLayer(doc: DreamDocument, id: string, toIndex: number): DreamDocument {
  const from = doc.layers.findIndex((l) => l.id === id)
  if (from < 0) return doc
  const target = Math.max(0, Math.min(doc.layers.length - 1, toIndex))
  if (target === from) return doc
  const layers = [...doc.layers]
  const [layer] = layers.splice(from, 1)
  layers.splice(target, 0, layer as DreamLayer)
  return withLayers(doc, layers)
}

export type LayerProps = Partial<Pick<DreamLayer, 'enabled' | 'opacity' | 'blend'>>
export function setLayerProps(doc: DreamDocument, id: string, props: LayerProps): DreamDocument {
  return mapLayer(doc, id, (layer) => merged<DreamLayer>(layer, props))
}

export function setLayerParams(doc: DreamDocument, id: string, params: Record<string, ParamValue>): DreamDocument {
  return mapLayer(doc, id, (layer) => {
    const next = merged(layer.params, params)
    return next === layer.params ? layer : { ...layer, params: next }
  })
}

export function setScene(doc: DreamDocument, scene: Partial<SceneSettings>): DreamDocument {
  const next = merged(doc.scene, scene)
  return next === doc.scene ? doc : { ...doc, scene: next }
}

/** Sets the seed. Throws for anything but a whole number in 0..SEED_MAX (use `checkSeed` to tell the artist). */
export function setSeed(doc: DreamDocument, seed: number): DreamDocument {
  const problem = checkSeed(seed)
  if (problem) throw new RangeError(problem)
  return seed === doc.seed ? doc : { ...doc, seed }
}

export function setMeta(doc: DreamDocument, meta: Partial<DreamDocument['meta']>): DreamDocument {
  const next = merged(doc.meta, meta)
  return next === doc.meta ? doc : { ...doc, meta: next }
}

// ---- modulation (format version 2) ----

const EMPTY_MODULATION: DreamModulation = { sources: [], bindings: [] }
const modulationOf = (doc: DreamDocument): DreamModulation => doc.modulation ?? EMPTY_MODULATION

/** The document with `modulation`, or without the field once nothing is left in it (documents stay as they were). */
function withModulation(doc: DreamDocument, modulation: DreamModulation): DreamDocument {
  if (modulation.sources.length === 0 && modulation.bindings.length === 0) {
    const { modulation: _dropped, ...rest } = doc
    return rest
  }
  return { ...doc, modulation }
}

/** A fresh source id for `type`: "lfo1", "lfo2"... the first one not taken. */
function newSourceId(type: string, taken: ReadonlySet<string>): string {
  const base = type.replace(/[^A-Za-z0-9_-]/g, '').slice(0, LIMITS.idLength - 3) || 'source'
  for (let n = 1; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`
}

/**
 * Adds a source of `type` with its default params; its id is `newModulationSourceId(doc, type)`.
 * Throws for an unknown type or a full list (at most LIMITS.sources).
 */
export function addModulationSource(doc: DreamDocument, type: string, registry: SourceRegistry = sourceRegistry): DreamDocument {
  const sourceType = registry.get(type)
  if (!sourceType) throw new Error(`unknown modulation source type "${type}"`)
  const modulation = modulationOf(doc)
  if (modulation.sources.length >= LIMITS.sources) throw new Error(`a dreamscape holds at most ${LIMITS.sources} modulation sources`)
  const source: ModulationSource = { id: newModulationSourceId(doc, type), type: sourceType.type, params: { ...sourceType.defaults } }
  return withModulation(doc, { ...modulation, sources: [...modulation.sources, source] })
}

/** The id addModulationSource gives the next source of `type` (the panel selects it after adding). */
export const newModulationSourceId = (doc: DreamDocument, type: string) => newSourceId(type, new Set(modulationOf(doc).sources.map((s) => s.id)))

/**
 * Changes a source's params (merged over the current ones). Values are checked against the source type's
 * declaration; an invalid one throws (the panel never sends one; a script gets told). No change: the same document.
 */
export function updateModulationSource(
  doc: DreamDocument,
  id: string,
  patch: { params?: Record<string, ParamValue> },
  registry: SourceRegistry = sourceRegistry,
): DreamDocument {
  const modulation = modulationOf(doc)
  const index = modulation.sources.findIndex((s) => s.id === id)
  const source = modulation.sources[index]
  if (!source || !patch.params) return doc
  const sourceType = registry.get(source.type)
  for (const [key, value] of Object.entries(patch.params)) {
    const spec = sourceType && Object.hasOwn(sourceType.params, key) ? sourceType.params[key] : undefined
    if (!spec) throw new Error(`source type "${source.type}" has no parameter "${key}"`)
    const checked = invalidValue(spec, value)
    if (checked) throw new RangeError(`source "${id}", ${key}: ${checked}`)
  }
  const params = merged(source.params, patch.params)
  if (params === source.params) return doc
  const sources = [...modulation.sources]
  sources[index] = { ...source, params }
  return withModulation(doc, { ...modulation, sources })
}

/** Removes a source and every binding that reads it. */
export function removeModulationSource(doc: DreamDocument, id: string): DreamDocument {
  const modulation = modulationOf(doc)
  if (!modulation.sources.some((s) => s.id === id)) return doc
  return withModulation(doc, {
    sources: modulation.sources.filter((s) => s.id !== id),
    bindings: modulation.bindings.filter((b) => b.source !== id),
  })
}

type BindingInput = Pick<ModulationBinding, 'source' | 'layer' | 'param'> & Partial<Pick<ModulationBinding, 'component' | 'depth' | 'offset' | 'curve'>>
const sameTarget = (a: BindingInput, b: BindingInput) => a.source === b.source && a.layer === b.layer && a.param === b.param && a.component === b.component

/** Why `value` is not a valid value of `spec` (a sentence), or undefined: edits refuse what the loader would repair. */
const invalidValue = (spec: ParamSpec, value: unknown): string | undefined => sanitizeParam(spec, value).problem

/**
 * Adds a binding (depth, offset and curve default from the binding fields). Throws, with a sentence, for a
 * source or target that does not exist, a parameter that cannot be bound, a repeat of an existing binding,
 * invalid values, or a full list (at most LIMITS.bindings). `layerRegistry` resolves layer parameters.
 */
export function addBinding(doc: DreamDocument, binding: BindingInput, layerRegistry: LayerRegistry): DreamDocument {
  const modulation = modulationOf(doc)
  if (modulation.bindings.length >= LIMITS.bindings) throw new Error(`a dreamscape holds at most ${LIMITS.bindings} modulation bindings`)
  if (!modulation.sources.some((s) => s.id === binding.source)) throw new Error(`there is no modulation source "${binding.source}"`)
  const resolved = resolveBinding(doc, layerRegistry, binding)
  if (resolved.problem) throw new Error(resolved.problem)
  if (modulation.bindings.some((b) => sameTarget(b, binding)))
    throw new Error(`"${binding.source}" is already bound to ${binding.layer}.${binding.param}${binding.component === undefined ? '' : `[${binding.component}]`}`)
  const next: ModulationBinding = {
    source: binding.source,
    layer: binding.layer,
    param: binding.param,
    depth: binding.depth ?? bindingFields.defaults.depth,
    offset: binding.offset ?? bindingFields.defaults.offset,
    curve: binding.curve ?? bindingFields.defaults.curve,
  }
  if (binding.component !== undefined) next.component = binding.component
  checkBindingFields(next)
  return withModulation(doc, { ...modulation, bindings: [...modulation.bindings, next] })
}

function checkBindingFields(binding: ModulationBinding): void {
  for (const key of ['depth', 'offset', 'curve'] as const) {
    const problem = invalidValue(bindingFields.params[key], binding[key])
    if (problem) throw new RangeError(`binding ${key}: ${problem}`)
  }
}

/** Changes a binding's depth, offset or curve (the target is its identity: remove and add to retarget). */
export function updateBinding(doc: DreamDocument, index: number, patch: Partial<Pick<ModulationBinding, 'depth' | 'offset' | 'curve'>>): DreamDocument {
  const modulation = modulationOf(doc)
  const binding = modulation.bindings[index]
  if (!binding) return doc
  const next = merged<ModulationBinding>(binding, patch)
  if (next === binding) return doc
  checkBindingFields(next)
  const bindings = [...modulation.bindings]
  bindings[index] = next
  return withModulation(doc, { ...modulation, bindings })
}

export function removeBinding(doc: DreamDocument, index: number): DreamDocument {
  const modulation = modulationOf(doc)
  if (!Number.isInteger(index) || index < 0 || index >= modulation.bindings.length) return doc
  return withModulation(doc, { ...modulation, bindings: modulation.bindings.filter((_, i) => i !== index) })
}
