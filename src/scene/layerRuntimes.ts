/**
 * The frame loop's handles on mounted layers. Each layer component registers one while it is mounted, keyed by
 * the layer's id; the frame loop (DreamScene) writes uniforms through them without re-rendering React.
 */
import type { AnyLayerType } from '../core/defineLayer'
import type { ParamValue } from '../core/params'
import type { UniformMap } from './layerUniforms'

/** The frame loop's handle on one mounted layer. */
export interface LayerRuntime {
  layerType: AnyLayerType
  params: UniformMap
  /** The params object last written: documents are immutable, so an unchanged reference means no work. */
  written: object | null
  setOpacity(opacity: number): void
  /** For effects whose settings are properties rather than uniforms (wrapped postprocessing effects). */
  apply?: (values: Readonly<Record<string, ParamValue>>) => void
}
export type Runtimes = Map<string, LayerRuntime>
