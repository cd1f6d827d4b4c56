/**
 * The frame loop's handles on mounted layers. Each component that draws layers registers a handle per layer
 * while it is mounted (useLayerRuntime, or register for several at once); the frame loop (DreamScene) finds
 * them by layer id and writes uniforms through them without re-rendering React.
 */
import { useLayoutEffect } from 'react'
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

/** The mounted layers' handles by layer id: one registry per DreamScene, shared by the components drawing it. */
export class LayerRuntimes {
  private readonly byId = new Map<string, LayerRuntime>()

  /** The handle of mounted layer `id`, if any. Allocates nothing: the frame loop asks once per layer per frame. */
  get(id: string): LayerRuntime | undefined {
    return this.byId.get(id)
  }

  /** How many layers are registered. */
  get size(): number {
    return this.byId.size
  }

  /**
   * Makes `runtime` layer `id`'s handle until the returned function is called. The next frame writes every
   * value through it (a new material or effect holds only its creation values). A later registration of the
   * same id replaces this one, and unregistering then leaves it alone (a layer moving between components).
   */
  register(id: string, runtime: LayerRuntime): () => void {
    runtime.written = null
    this.byId.set(id, runtime)
    return () => {
      if (this.byId.get(id) === runtime) this.byId.delete(id)
    }
  }
}

/**
 * Registers `runtime` as layer `id`'s handle while the calling component is mounted, again whenever either
 * changes. A layout effect: registered before the next frame, which must already write the layer's values.
 */
export function useLayerRuntime(runtimes: LayerRuntimes, id: string, runtime: LayerRuntime): void {
  useLayoutEffect(() => runtimes.register(id, runtime), [runtimes, id, runtime])
}
