/** What the bench measures: the built-in presets (through the one loader), single layers, stacks, cost documents. */
import type { AnyLayerType } from '../src/core/defineLayer'
import { createDocument, createLayer, type DreamDocument } from '../src/core/document'
import { layerTypes, registry } from '../src/layers'

// Presets: whatever exists at build time, through the one loader when there is one.
export const presetTexts = import.meta.glob('../presets/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
export type Loader = (text: string, options: { registry: typeof registry }) => { ok: boolean; document?: DreamDocument; error?: { message: string } }
export const loaderModules = import.meta.glob('../src/preset/load.ts', { eager: true }) as Record<string, { loadPreset?: Loader }>
export const linkModules = import.meta.glob('../src/preset/link.ts', { eager: true }) as Record<string, { encodeLink?: (doc: DreamDocument, r: typeof registry) => string }>
export const loadPreset = Object.values(loaderModules)[0]?.loadPreset
export const encodeLink = Object.values(linkModules)[0]?.encodeLink

export interface PresetEntry {
  name: string
  document: DreamDocument | null
  error?: string
}
export const presets: PresetEntry[] = Object.entries(presetTexts)
  .filter(([file]) => !file.endsWith('.schema.json'))
  .map(([file, text]) => {
    const name = file.replace(/^.*\//, '').replace(/\.json$/, '')
    if (loadPreset) {
      const result = loadPreset(text, { registry })
      return result.ok ? { name, document: result.document! } : { name, document: null, error: result.error?.message }
    }
    return { name, document: JSON.parse(text) as DreamDocument }
  })

export const layerDocument = (layerType: AnyLayerType): DreamDocument => ({ ...createDocument(registry, [], 7), layers: [createLayer(layerType)] })
export const emptyDocument = (): DreamDocument => createDocument(registry, [], 7)


export type BenchCase =
  | { id: string; kind: 'app'; doc: DreamDocument; fuse?: boolean }
  /** fused: the layers' one fused program; otherwise each layer's own program, blended, one pass each */
  | { id: string; kind: 'raw'; layers: AnyLayerType[]; halfFloat: boolean; fused: boolean }

export const backdrops = layerTypes.filter((t) => t.kind === 'backdrop')
export const stackTypes = backdrops.slice(0, 4)

export function buildCases(): BenchCase[] {
  const cases: BenchCase[] = [
    { id: 'app:empty', kind: 'app', doc: emptyDocument() },
    { id: 'raw:empty', kind: 'raw', layers: [], halfFloat: false, fused: false },
    { id: 'raw16f:empty', kind: 'raw', layers: [], halfFloat: true, fused: false },
  ]
  for (const layerType of layerTypes) {
    cases.push({ id: `app:layer:${layerType.type}`, kind: 'app', doc: layerDocument(layerType) })
    if (layerType.kind === 'backdrop') {
      // a backdrop alone is a fused pass of one
      cases.push({ id: `raw:layer:${layerType.type}`, kind: 'raw', layers: [layerType], halfFloat: false, fused: true })
      cases.push({ id: `raw16f:layer:${layerType.type}`, kind: 'raw', layers: [layerType], halfFloat: true, fused: true })
    }
  }
  if (stackTypes.length >= 2) {
    const doc = createDocument(registry, stackTypes.map((t) => t.type), 7)
    cases.push({ id: 'app:stack', kind: 'app', doc })
    cases.push({ id: 'app:stack-separate', kind: 'app', doc, fuse: false })
    cases.push({ id: 'raw:stack', kind: 'raw', layers: stackTypes, halfFloat: false, fused: true })
    cases.push({ id: 'raw:stack-separate', kind: 'raw', layers: stackTypes, halfFloat: false, fused: false })
    cases.push({ id: 'raw16f:stack', kind: 'raw', layers: stackTypes, halfFloat: true, fused: true })
    cases.push({ id: 'raw16f:stack-separate', kind: 'raw', layers: stackTypes, halfFloat: true, fused: false })
  }
  for (const preset of presets) if (preset.document) cases.push({ id: `app:preset:${preset.name}`, kind: 'app', doc: preset.document })
  return cases
}

/** `empty`, `empty-unlimited`, `preset:<name>` or `layer:<type>`, optionally `@reference` (every layer full resolution). */
export function costDocument(id: string): { doc: DreamDocument; reference: boolean } {
  const [what, mode] = id.split('@')
  const reference = mode === 'reference'
  if (what === 'empty') return { doc: emptyDocument(), reference }
  // the output stage with the flash limiter skipped (a document that allows intense flashing)
  if (what === 'empty-unlimited') {
    const doc = emptyDocument()
    return { doc: { ...doc, scene: { ...doc.scene, allowIntenseFlashing: true } }, reference }
  }
  const [kind, name] = what!.split(':')
  if (kind === 'preset') {
    const preset = presets.find((p) => p.name === name)
    if (!preset?.document) throw new Error(`no preset ${name}`)
    return { doc: preset.document, reference }
  }
  const layerType = layerTypes.find((t) => t.type === name)
  if (kind !== 'layer' || !layerType) throw new Error(`unknown cost case ${id}`)
  return { doc: layerDocument(layerType), reference }
}
