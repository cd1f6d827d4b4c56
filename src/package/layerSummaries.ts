/**
 * Layer declarations without their shaders, objects or effect constructors: just the data the preset
 * loader, serializer, morphing and the JSON Schema read (type, kind, params...). `dreamscape/preset` builds
 * its registry from these so it runs in plain Node and imports neither three, react nor GLSL; the package
 * build (scripts/build-package.mjs) extracts them from the real registry, so there is one source of truth.
 */
import { createRegistry, defineLayer, type AnyLayerType, type LayerRegistry, type LayerTypeFields } from '../core/defineLayer'
import type { ParamSpecs } from '../core/params'

/** Fields that hold code or shader text: left out of a summary. */
const CODE_FIELDS = new Set(['fragment', 'vertex', 'object', 'createEffect', 'applyParams', 'defaults', 'uniformDeclarations', 'sanitize', 'lerp'])

export type LayerSummary = Omit<LayerTypeFields<ParamSpecs>, 'fragment' | 'vertex' | 'object' | 'createEffect' | 'applyParams'>

/** The JSON-safe data part of a layer type. */
export function summarizeLayer(layerType: AnyLayerType): LayerSummary {
  const entries = Object.entries(layerType).filter(([key, value]) => !CODE_FIELDS.has(key) && typeof value !== 'function')
  return JSON.parse(JSON.stringify(Object.fromEntries(entries))) as LayerSummary
}

const SHADERLESS = '// shader text is not part of dreamscape/preset'
const NoObject = () => null

/** A registry for loading, validating and morphing documents; it cannot render (no shaders, no objects). */
export function registryFromSummaries(summaries: readonly LayerSummary[]): LayerRegistry {
  return createRegistry(
    summaries.map(({ kind, ...summary }) =>
      defineLayer(
        kind === 'object'
          ? { ...summary, kind, fragment: SHADERLESS, vertex: SHADERLESS, object: NoObject }
          : kind === 'backdrop'
            ? { ...summary, kind, fragment: SHADERLESS }
            : { ...summary, kind, fragment: SHADERLESS },
      ),
    ),
  )
}
