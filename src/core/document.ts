/**
 * The dream document: what a preset file, a share link and an autosave all hold.
 * Documents are immutable values; every edit makes a new one (history keeps the old ones).
 */
import { BLEND_MODES, type AnyLayerType, type BlendMode, type LayerRegistry } from './defineLayer'
import { defineParams } from './defineParams'
import { p, type ParamValue } from './params'
import { sceneParams, type SceneSettings } from './sceneSettings'
import type { Curve } from '../modulation/curves'

export const DOCUMENT_FORMAT = 'dreamscape'
/** Bumped only for incompatible changes; src/preset/migrations lifts older documents. */
export const DOCUMENT_VERSION = 2

export interface DreamLayer {
  id: string
  type: string
  enabled: boolean
  opacity: number
  blend: BlendMode
  params: Record<string, ParamValue>
}

export interface DreamMeta {
  title: string
  author: string
  description: string
  /** Title (and link, when known) of the dreamscape this one was remixed from. */
  remixOf?: string
}

/** A named view saved with the document (the studio's camera bookmarks), in the camera rig's space. */
export interface CameraBookmark {
  name: string
  position: [number, number, number]
  target: [number, number, number]
}

/** One modulation source: a typed signal (an LFO, the music, a knob...) that bindings read, 0..1 each frame. */
export interface ModulationSource {
  /** Unique among the sources; the layer id rule (letters, digits, _ and -, at most 24). */
  id: string
  /** A registered source type (src/modulation/sources). */
  type: string
  params: Record<string, ParamValue>
}

/** Where a binding writes: a layer's id, or the scene settings. */
export const SCENE_TARGET = 'scene'

/**
 * One binding: a parameter moved by a source. The value is base + (offset + depth * curve(source)) * range,
 * clamped to the parameter's range (see src/modulation/apply.ts).
 */
export interface ModulationBinding {
  source: string
  /** A layer id, or "scene". */
  layer: string
  param: string
  /** A vector's component (0..n-1), or a colour's (0 lightness, 1 chroma, 2 hue); absent for numbers. */
  component?: number
  /** -1..1, a fraction of the parameter's range. */
  depth: number
  /** -1..1, a fraction of the parameter's range. */
  offset: number
  curve: Curve
}

export interface DreamModulation {
  sources: ModulationSource[]
  bindings: ModulationBinding[]
}

/** Bounds for saved views: a handful of names, coordinates well inside the dream. */
export const CAMERA_BOOKMARKS = { max: 16, nameLength: 40, extent: 200 } as const

export interface DreamDocument {
  format: typeof DOCUMENT_FORMAT
  version: number
  meta: DreamMeta
  /** 32-bit unsigned seed for every random thing: GPU noise, CPU noise, the crash schedule. */
  seed: number
  scene: SceneSettings
  layers: DreamLayer[]
  /** Saved camera views; absent when there are none. "Home", the dream camera itself, is never stored. */
  cameras?: CameraBookmark[]
  /** Parameters moved by LFOs, sound, MIDI, the viewer's hand or the dream itself; absent when nothing moves. */
  modulation?: DreamModulation
}

/** The scene settings: the same primitive as a layer type's params (sanitizer, lerp, panel derivation). */
export const sceneType = defineParams('scene settings', sceneParams)

/** The fields every layer has besides its params, as param specs so they sanitize like params. */
export const layerFieldSpecs = (layerType?: AnyLayerType) =>
  ({
    enabled: p.bool(true, { hint: 'hidden layers stay in the document' }),
    opacity: p.float(1, { min: 0, max: 1, hint: 'how strongly the layer shows' }),
    blend: p.select(layerType?.blend ?? 'normal', BLEND_MODES, { hint: 'how the layer combines with what is below' }),
  }) as const
/** The layer fields of a new layer of this type (its own blend). */
export const layerFields = (layerType?: AnyLayerType) => defineParams('layer fields', layerFieldSpecs(layerType))

/** What a new document says about itself; the loader fills missing meta from here too. */
export const DEFAULT_META = { title: 'Untitled dream', author: '', description: '' } as const
/** Seeds are 32-bit unsigned integers. */
export const SEED_MAX = 0xffff_ffff
export const DEFAULT_SEED = 1
export const seedSpec = p.int(DEFAULT_SEED, { min: 0, max: SEED_MAX, hint: 'seeds every random thing: noise, geometry, the crash schedule' })

export const LIMITS = {
  layers: 32,
  titleLength: 120,
  authorLength: 80,
  descriptionLength: 1000,
  idLength: 24,
  /** Modulation: sources and bindings per document. */
  sources: 16,
  bindings: 64,
} as const

export { BLEND_MODES }
export const defaultScene = (): SceneSettings => ({ ...sceneType.defaults })

let idCounter = 0
/** Layer ids: short, unique within a document, stable across saves (panels and history key on them). */
export function newLayerId(taken: ReadonlySet<string> = new Set()): string {
  for (;;) {
    idCounter = (idCounter + 1) % 1_679_616
    const id = `l${(Math.floor(Math.random() * 1_679_616) ^ idCounter).toString(36).padStart(4, '0')}`
    if (!taken.has(id)) return id
  }
}

export function createLayer(layerType: AnyLayerType, taken?: ReadonlySet<string>): DreamLayer {
  return {
    id: newLayerId(taken),
    type: layerType.type,
    ...layerFields(layerType).defaults,
    params: { ...layerType.defaults },
  }
}

export function createDocument(registry: LayerRegistry, types: readonly string[] = [], seed = DEFAULT_SEED): DreamDocument {
  const layers: DreamLayer[] = []
  for (const type of types) {
    const layerType = registry.get(type)
    if (!layerType) throw new Error(`unknown layer type "${type}"`)
    layers.push(createLayer(layerType, new Set(layers.map((l) => l.id))))
  }
  return {
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    meta: { ...DEFAULT_META },
    seed,
    scene: defaultScene(),
    layers,
  }
}

/** Why `value` cannot be a seed (a sentence for the artist), or undefined when it can. Never wraps or rounds. */
export function checkSeed(value: number): string | undefined {
  if (!Number.isFinite(value)) return 'The seed must be a number.'
  if (!Number.isInteger(value)) return `The seed must be a whole number; ${value} is not.`
  if (value < 0 || value > SEED_MAX) return `The seed ${value} is out of range: use a whole number from 0 to ${SEED_MAX}.`
  return undefined
}

/** Map the 32-bit document seed to a float the GPU can hold exactly and use as a noise offset. */
export const seedToShaderOffset = (seed: number) => (seed % 9973) * 0.1031
