/** A backdrop drawn on its own or an object layer, with its material and its frame-loop handle. */
import { useEffect, useLayoutEffect, useMemo } from 'react'
import type { Uniform } from 'three'
import type { AnyLayerType, SceneFacts } from '../core/defineLayer'
import type { DreamLayer } from '../core/document'
import type { ParamValue } from '../core/params'
import { FULL_SCREEN_TRIANGLE } from './fullscreenPass'
import type { HostUniforms } from './hostUniforms'
import { applyBlend, createLayerMaterial, type LayerMaterial } from './layerMaterial'
import { useLayerRuntime, type LayerRuntime, type LayerRuntimes } from './layerRuntimes'

interface MaterialLayerProps {
  layer: DreamLayer
  /** layer.params with any adaptive-quality overrides applied */
  values: Readonly<Record<string, ParamValue>>
  layerType: AnyLayerType
  renderOrder: number
  seed: number
  host: HostUniforms
  runtimes: LayerRuntimes
  /** See ObjectLayerProps.scene. */
  scene: Readonly<SceneFacts>
}

/** A backdrop (full-screen triangle) or an object layer (its own component draws geometry). */
export function MaterialLayer({ layer, values, layerType, renderOrder, seed, host, runtimes, scene }: MaterialLayerProps) {
  // The material depends on the layer type only: value changes never rebuild it (or relink its program).
  // eslint-disable-next-line react-hooks/exhaustive-deps -- layer.params are creation values only; later values arrive as uniforms
  const made = useMemo(() => createLayerMaterial(layerType, layer.params, host), [layerType, host])
  const { material } = made
  const runtime = useMemo(() => materialRuntime(layerType, made), [layerType, made])
  useLayerRuntime(runtimes, layer.id, runtime)
  useLayoutEffect(() => applyBlend(material, layer.blend), [material, layer.blend])
  useEffect(() => () => material.dispose(), [material])

  if (layerType.kind === 'backdrop')
    return <mesh geometry={FULL_SCREEN_TRIANGLE} material={material} renderOrder={renderOrder} frustumCulled={false} />
  const ObjectComponent = layerType.object
  return ObjectComponent ? <ObjectComponent material={material} seed={seed} values={values} renderOrder={renderOrder} scene={scene} /> : null
}

/** The frame loop's handle on a layer drawn with its own material. */
function materialRuntime(layerType: AnyLayerType, { material, params }: LayerMaterial): LayerRuntime {
  const opacity = material.uniforms.uOpacity as Uniform<number>
  // An object faded out completely (a morph) must not hide the backdrops behind it through the depth buffer;
  // its own depth setting comes back when it fades in.
  let hiddenDepthWrite: boolean | null = null
  const setOpacity = (value: number) => {
    opacity.value = value
    if (value <= 0 && hiddenDepthWrite === null) {
      hiddenDepthWrite = material.depthWrite
      material.depthWrite = false
    } else if (value > 0 && hiddenDepthWrite !== null) {
      material.depthWrite = hiddenDepthWrite
      hiddenDepthWrite = null
    }
  }
  return { layerType, params, written: null, setOpacity }
}
