/**
 * Modulation's CPU cost per frame (issue 15: 32 bindings <= 0.05 ms): the modulator's evaluate plus the uniform
 * writes of every bound parameter, on real three.js uniforms, exactly as useModulation runs them each frame.
 * Node only (no GPU is involved): scripts/bench-modulation.mjs loads and runs it.
 */
import { createDocument, type DreamDocument } from '../src/core/document'
import { addBinding, addModulationSource, updateModulationSource } from '../src/core/documentOps'
import { registry } from '../src/layers'
import { createModulationInputs } from '../src/modulation/inputs'
import { createModulator } from '../src/modulation/modulator'
import { writeLayerModulation } from '../src/modulation/writeModulation'
import type { LayerRuntime } from '../src/scene/layerRuntimes'
import { createParamUniforms } from '../src/scene/layerUniforms'
import { median } from './stats'

/** 8 sources of every type and 32 bindings over floats, ints, vector components and colours of 5 layers. */
export function modulationBenchDocument(bindings = 32): DreamDocument {
  let doc = createDocument(registry, ['sky', 'nebula', 'stars', 'kaleidoscope', 'bloom'], 7)
  const shapes = ['sine', 'triangle', 'saw', 'square', 'random']
  for (const [i, shape] of shapes.entries()) {
    doc = addModulationSource(doc, 'lfo')
    doc = updateModulationSource(doc, `lfo${i + 1}`, { params: { shape, rate: 0.3 + i } })
  }
  for (const type of ['audio', 'midi', 'pointer']) doc = addModulationSource(doc, type)
  const sources = doc.modulation!.sources.map((s) => s.id)
  const targets: { layer: string; param: string; component?: number }[] = []
  for (const layer of doc.layers) {
    for (const [param, spec] of Object.entries(registry.get(layer.type)!.params)) {
      if (spec.kind === 'float' || spec.kind === 'int' || spec.kind === 'color') targets.push({ layer: layer.id, param })
      if (spec.kind === 'vec2' || spec.kind === 'vec3') targets.push({ layer: layer.id, param, component: 0 })
    }
  }
  for (let i = 0; i < bindings; i++) {
    const target = targets[(i * 7) % targets.length]!
    const curves = ['linear', 'smooth', 'exp', 'log', 'step'] as const
    const binding = { ...target, source: sources[i % sources.length]!, depth: 0.2, offset: 0.05, curve: curves[i % curves.length]! }
    // a repeat of a (source, target) pair is not allowed: move on to the next target
    for (let k = 1; doc.modulation!.bindings.some((b) => b.source === binding.source && b.layer === binding.layer && b.param === binding.param && b.component === binding.component); k++)
      Object.assign(binding, targets[(i * 7 + k) % targets.length]!, { component: targets[(i * 7 + k) % targets.length]!.component })
    doc = addBinding(doc, binding, registry)
  }
  return doc
}

export interface ModulationBenchResult {
  bindings: number
  sources: number
  boundParams: number
  msPerFrame: number
  /** The median of each batch, ms per frame. */
  batches: number[]
  /** Heap growth per frame over the measured frames (bytes; a GC in between hides some: run node --expose-gc). */
  heapBytesPerFrame: number
}

export function runModulationBench({ bindings = 32, frames = 20_000, batches = 10 } = {}): ModulationBenchResult {
  const doc = modulationBenchDocument(bindings)
  const modulator = createModulator()
  modulator.update(doc, registry)
  const runtimes = new Map<string, LayerRuntime>()
  for (const layer of doc.layers) {
    const layerType = registry.get(layer.type)!
    runtimes.set(layer.id, {
      layerType,
      params: createParamUniforms(layerType, layer.params),
      written: layer.params,
      setOpacity: () => undefined,
      // bloom is built around postprocessing's own effect: its settings go through apply, as in the app
      apply: layerType.applyParams ? () => undefined : undefined,
    })
  }
  const inputs = createModulationInputs()
  inputs.audio.active = inputs.midi.active = inputs.pointer.active = true
  const dream = { night: 0.4, crash: 0 }
  const frame = (i: number) => {
    inputs.audio.level = (i % 30) / 30
    inputs.pointer.x = Math.sin(i * 0.01)
    inputs.midi.cc[1] = (i % 128) / 127
    modulator.update(doc, registry) // the per-frame reference check, as in the frame loop
    modulator.evaluate(i / 60, 1 / 60, inputs, dream)
    const targets = modulator.targets
    for (let t = 0; t < targets.length; t++) writeLayerModulation(targets[t]!, runtimes.get(targets[t]!.target), modulator.sums)
  }
  for (let i = 0; i < 5_000; i++) frame(i) // warm up: the optimising compiler settles
  const perBatch = Math.ceil(frames / batches)
  const results: number[] = []
  // with node --expose-gc the heap is measured from a collected start (otherwise garbage from the warm-up counts)
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  for (let b = 0; b < batches; b++) {
    const start = performance.now()
    for (let i = 0; i < perBatch; i++) frame(5_000 + b * perBatch + i)
    results.push((performance.now() - start) / perBatch)
  }
  const heapAfter = process.memoryUsage().heapUsed
  return {
    bindings: modulator.counts.bindings,
    sources: modulator.counts.sources,
    boundParams: modulator.targets.reduce((n, t) => n + t.params.length, 0),
    msPerFrame: median(results),
    batches: results,
    heapBytesPerFrame: (heapAfter - heapBefore) / (perBatch * batches),
  }
}
