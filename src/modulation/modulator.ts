/**
 * The modulation runtime, free of three.js and React (node tests and the bench drive it directly):
 *   update(document, registry)  compiles the document's sources and bindings, only when its modulation or its
 *                               layers changed (documents are immutable: a reference check per frame);
 *   evaluate(time, dt, inputs, dream)  runs every source once and sums the bindings of each bound parameter into
 *                               reusable typed arrays: nothing is allocated per frame.
 * Writing the sums into uniforms is src/modulation/writeModulation.ts (the frame loop's side).
 */
import type { LayerRegistry } from '../core/defineLayer'
import { SCENE_TARGET, type DreamDocument, type DreamLayer, type DreamModulation } from '../core/document'
import type { ParamValue } from '../core/params'
import { applyCurve, type Curve } from './curves'
import type { SourceEvaluator, SourceFrame, SourceRegistry } from './defineSource'
import type { ModulationInputs } from './inputs'
import { sourceRegistry } from './sources'
import { componentCount, resolveBinding, type BindableSpec } from './targets'

/** One bound parameter: where its sums live and how to apply them. */
export interface ModulatedParam {
  /** A layer id, or "scene". */
  target: string
  param: string
  spec: BindableSpec
  /** Index of its first sum in `sums`; a vector or colour has one per component (3 for colours: L, C, h). */
  slot: number
  /** Sums it uses: 1 for numbers, 2 or 3 for vectors, 3 for colours. */
  width: number
  /** Which of its sums any binding touches (bit i = component i): untouched components keep their base. */
  touched: number
  /** Scratch for the writer, made once per compile: a vector's modulated components, a colour's base in OKLCh. */
  vector: number[]
  lch: [number, number, number]
  /** The base colour `lch` was computed from ('' before the first write). */
  lchOf: string
}

/** The bound parameters of one target (a layer, or the scene), in first-binding order. */
export interface ModulatedTarget {
  target: string
  params: ModulatedParam[]
  /** Scratch for effects whose settings are properties (runtime.apply): the base values with the modulated ones. */
  applyValues: Record<string, ParamValue>
}

export interface Modulator {
  /** Recompiles when the document's modulation or layers changed. Returns true when it did. */
  update(document: DreamDocument, registry: LayerRegistry): boolean
  /** Runs every source and sums every binding. Returns the source values (the same array every frame). */
  evaluate(time: number, dt: number, inputs: ModulationInputs, dream: { night: number; crash: number }): Float64Array
  /** A source's value from the last evaluate (0 when unknown): live meters. */
  valueOf(sourceId: string): number
  /** Source values by compiled index (the same array every frame). */
  readonly values: Float64Array
  /** Binding sums per parameter component, as fractions of the range (the same array every frame). */
  readonly sums: Float64Array
  /** The bound parameters, grouped by target; rebuilt by update only. */
  readonly targets: readonly ModulatedTarget[]
  /** How many sources and bindings are compiled. */
  readonly counts: { sources: number; bindings: number }
}

const EMPTY_INPUTS: ModulationInputs = {
  audio: { active: false, level: 0, bass: 0, mid: 0, treble: 0, onset: 0 },
  midi: { active: false, cc: new Float32Array(0), notes: new Float32Array(0), lastEvent: null },
  pointer: { active: false, x: 0, y: 0, scroll: 0, tiltX: 0, tiltY: 0 },
}

/** Grows `array` to hold `n` values (a new array only when it is too small: never per frame). */
const ensure = (array: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> => (array.length >= n ? array : new Float64Array(Math.max(n, array.length * 2)))

export function createModulator(sources: SourceRegistry = sourceRegistry): Modulator {
  let compiledModulation: DreamModulation | undefined | null = null
  let compiledLayers: readonly DreamLayer[] | null = null
  let compiledSeed = -1
  let evaluators: SourceEvaluator[] = []
  let sourceIds: string[] = []
  let sourceKeys: string[] = []
  let indexById = new Map<string, number>()
  let values = new Float64Array(16)
  let sums = new Float64Array(64)
  // bindings as parallel arrays: source index, sum slot, depth, offset, curve index
  let bSource = new Int32Array(64)
  let bSlot = new Int32Array(64)
  let bDepth = new Float64Array(64)
  let bOffset = new Float64Array(64)
  let bCurve: Curve[] = []
  let bindingCount = 0
  let sumCount = 0
  let targets: ModulatedTarget[] = []
  const frame: SourceFrame = { time: 0, dt: 0, inputs: EMPTY_INPUTS, dream: { night: 0, crash: 0 } }
  const counts = { sources: 0, bindings: 0 }

  function compile(document: DreamDocument, registry: LayerRegistry): void {
    const modulation = document.modulation
    const list = modulation?.sources ?? []
    // sources keep their evaluator (and its smoothing state) while id, type and params stay the same; a changed
    // source starts from its last value, so editing a release time or morphing a journey does not jump
    const previous = new Map(sourceKeys.map((key, i) => [key, { evaluator: evaluators[i]!, value: values[i] ?? 0 }]))
    const previousById = new Map(sourceIds.map((id, i) => [id, values[i] ?? 0]))
    const nextEvaluators: SourceEvaluator[] = []
    const nextIds: string[] = []
    const nextKeys: string[] = []
    const nextIndex = new Map<string, number>()
    const nextValues = new Float64Array(Math.max(16, list.length))
    for (const source of list) {
      const sourceType = sources.get(source.type)
      if (!sourceType || nextIndex.has(source.id)) continue
      const key = `${document.seed}\u0000${source.id}\u0000${source.type}\u0000${JSON.stringify(source.params)}`
      const kept = previous.get(key)
      const index = nextEvaluators.length
      const initial = kept?.value ?? previousById.get(source.id) ?? 0
      nextEvaluators.push(kept?.evaluator ?? sourceType.create(sourceType.sanitize(source.params).values, { seed: document.seed, id: source.id }))
      nextValues[index] = initial
      nextIds.push(source.id)
      nextKeys.push(key)
      nextIndex.set(source.id, index)
    }
    evaluators = nextEvaluators
    sourceIds = nextIds
    sourceKeys = nextKeys
    indexById = nextIndex
    // the values array keeps its identity unless it must grow (meters and tests hold it)
    values = ensure(values, nextValues.length)
    values.fill(0)
    values.set(nextValues.subarray(0, nextEvaluators.length))

    const bindings = modulation?.bindings ?? []
    const byTarget = new Map<string, ModulatedTarget>()
    const byParam = new Map<string, ModulatedParam>()
    let slots = 0
    let n = 0
    bCurve = []
    if (bSource.length < bindings.length) {
      const size = bindings.length
      bSource = new Int32Array(size)
      bSlot = new Int32Array(size)
      bDepth = new Float64Array(size)
      bOffset = new Float64Array(size)
    }
    for (const binding of bindings) {
      const source = indexById.get(binding.source)
      if (source === undefined || !Number.isFinite(binding.depth) || !Number.isFinite(binding.offset)) continue
      const resolved = resolveBinding(document, registry, binding)
      if (!resolved.spec) continue
      const paramKey = `${binding.layer}\u0000${binding.param}`
      let param = byParam.get(paramKey)
      if (!param) {
        const width = Math.max(1, componentCount(resolved.spec) ?? 1)
        param = { target: binding.layer, param: binding.param, spec: resolved.spec, slot: slots, width, touched: 0, vector: new Array<number>(width).fill(0), lch: [0, 0, 0], lchOf: '' }
        slots += width
        byParam.set(paramKey, param)
        let target = byTarget.get(binding.layer)
        if (!target) byTarget.set(binding.layer, (target = { target: binding.layer, params: [], applyValues: {} }))
        target.params.push(param)
      }
      const component = binding.component ?? 0
      param.touched |= 1 << component
      bSource[n] = source
      bSlot[n] = param.slot + component
      bDepth[n] = binding.depth
      bOffset[n] = binding.offset
      bCurve[n] = binding.curve
      n++
    }
    bindingCount = n
    sumCount = slots
    sums = ensure(sums, slots)
    // the scene last: layers are written first, then the scene settings that re-derive host values
    targets = [...byTarget.values()].sort((a, b) => Number(a.target === SCENE_TARGET) - Number(b.target === SCENE_TARGET))
    counts.sources = evaluators.length
    counts.bindings = bindingCount
  }

  return {
    update(document, registry) {
      if (document.modulation === compiledModulation && document.layers === compiledLayers && document.seed === compiledSeed) return false
      compiledModulation = document.modulation
      compiledLayers = document.layers
      compiledSeed = document.seed
      compile(document, registry)
      return true
    },
    evaluate(time, dt, inputs, dream) {
      frame.time = time
      frame.dt = dt > 0 ? dt : 0
      frame.inputs = inputs
      frame.dream.night = dream.night
      frame.dream.crash = dream.crash
      for (let i = 0; i < evaluators.length; i++) {
        evaluators[i]!(frame, values, i)
        const v = values[i]!
        values[i] = v > 0 ? (v < 1 ? v : 1) : 0 // NaN lands on 0
      }
      for (let s = 0; s < sumCount; s++) sums[s] = 0
      for (let b = 0; b < bindingCount; b++) sums[bSlot[b]!]! += bOffset[b]! + bDepth[b]! * applyCurve(bCurve[b]!, values[bSource[b]!]!)
      return values
    },
    valueOf(sourceId) {
      const index = indexById.get(sourceId)
      return index === undefined ? 0 : values[index]!
    },
    get values() {
      return values
    },
    get sums() {
      return sums
    },
    get targets() {
      return targets
    },
    counts,
  }
}
