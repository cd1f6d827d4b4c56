/**
 * <DreamScene>: renders a dream document. The editor and the viewer both use it; the editor only adds panels.
 * React renders when the layer structure changes; every frame after that only writes uniforms.
 */
import { extend, useFrame, useThree } from '@react-three/fiber'
import * as THREE from 'three'
import { PerspectiveCamera } from '@react-three/drei'
import { EffectComposer, EffectPass, RenderPass, type Effect } from 'postprocessing'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { HalfFloatType, type Group, type PerspectiveCamera as ThreeCamera, type Uniform, type WebGLRenderer } from 'three'
import type { StoreApi } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { AnyLayerType, BlendMode, LayerRegistry } from '../core/defineLayer'
import type { ParamValue } from '../core/params'
import { seedToShaderOffset, type DreamDocument, type DreamLayer } from '../core/document'
import { applyCameraMotion, CAMERA_HOME } from './camera'
import type { DreamClock } from './clock'
import { createHostUniforms, type HostUniforms } from './hostUniforms'
import { applyBlend, createLayerMaterial } from './layerMaterial'
import { BLEND_CODE, createFusedBackdrops, softTargetSize } from './backdropStack'
import { createLayerEffect, effectBlend, groupIntoPasses, type LayerEffect } from './layerEffect'
import { writeParamUniforms, type UniformMap } from './layerUniforms'
import { nightPhase } from './night'
import { planScene } from './planScene'
import { FULL_SCREEN_TRIANGLE } from './fullscreenPass'
import { DitherEffect } from './outputEffect'
import { structureKey } from './structure'
import { crashEnvelope } from './crashEnvelope'
import { FlashLimiterEffect } from '../safety/flashLimiter'
import { createQualityStore, effectiveParams, type QualityOverrides, type QualityStore } from './quality'
import { registerCameraPass, scaledSoftPasses } from './reflection'

// <Canvas> registers three's classes itself; createRoot (embeds, tests) needs this. r3f bundles all of three anyway.
extend(THREE as unknown as Parameters<typeof extend>[0])

/** The frame loop's handle on one mounted layer. */
interface LayerRuntime {
  layerType: AnyLayerType
  params: UniformMap
  /** The params object last written: documents are immutable, so an unchanged reference means no work. */
  written: object | null
  setOpacity(opacity: number): void
  /** For effects whose settings are properties rather than uniforms (wrapped postprocessing effects). */
  apply?: (values: Readonly<Record<string, ParamValue>>) => void
}
type Runtimes = Map<string, LayerRuntime>

export interface DreamSceneProps {
  store: StoreApi<{ document: DreamDocument }>
  registry: LayerRegistry
  clock: DreamClock
  /** Extra output-stage effects (the flash limiter) drawn after every layer effect, before the dither. */
  outputEffects?: readonly Effect[]
  /** Adaptive quality's lowered knobs (see quality.ts); absent = the document exactly as written. */
  quality?: QualityStore
  /** Receives an imperative handle once the output chain exists (stills, video), and null on unmount. */
  onReady?: (handle: DreamSceneHandle | null) => void
  /**
   * prefers-reduced-motion: glitch layers held at a low, steady intensity (the crash schedule is ignored) and
   * the flash limiter on even if the document allows intense flashing.
   */
  calm?: boolean
  /** Draw the backdrops at the bottom of the stack in one pass (see backdropStack.ts). Off only to measure it. */
  fuseBackdrops?: boolean
  /**
   * Reference mode: every layer at full resolution, nothing cached or amortised. The yardstick the cheap
   * rendering is compared with (SSIM tests, bench); never lowered by adaptive quality.
   */
  reference?: boolean
}

/** The crash envelope in calm mode: a faint, steady hum of glitch; nothing bursts. */
export const CALM_CRASH_ENVELOPE = 0.08

/** Whether the output-stage flash limiter works this frame (written by the frame loop, read by the chain). */
interface SafetySwitch {
  limiterActive: boolean
  /** The document's time speed: the limiter counts display seconds, not dream seconds. */
  speed: number
}

/** What art output (src/export) needs to draw frames itself, at any size, outside the frame loop. */
export interface DreamSceneHandle {
  gl: WebGLRenderer
  composer: EffectComposer
  camera: ThreeCamera
  clock: DreamClock
  /** Run one whole frame now (uniform updates, camera, post-processing), synchronously. */
  renderFrame(): void
  /**
   * Run `work` with adaptive quality's lowered knobs lifted (a still is art, not a live frame): the scene
   * re-renders at the document's own values (meshes included), `work` runs, and the lowered values return.
   */
  atFullQuality<T>(work: () => T): Promise<T>
}

const NO_OVERRIDES: QualityOverrides = new Map()

/** Used when no adaptive quality is attached: never changes, so it never re-renders anything. */
const FULL_QUALITY = createQualityStore()

export function DreamScene({ store, registry, clock, outputEffects, quality, onReady, calm = false, fuseBackdrops = true, reference = false }: DreamSceneProps) {
  const host = useMemo(createHostUniforms, [])
  const safety = useMemo<SafetySwitch>(() => ({ limiterActive: true, speed: 1 }), [])
  const runtimes = useMemo<Runtimes>(() => new Map(), [])
  useStore(store, (state) => structureKey(state.document, registry))
  const lowered = useStore(quality ?? FULL_QUALITY, (state) => state.overrides)
  const [fullQuality, setFullQuality] = useState(false)
  const overrides = fullQuality ? NO_OVERRIDES : lowered
  const loweredSoftScale = useStore(quality ?? FULL_QUALITY, (state) => state.softScale ?? 1)
  const softScale = fullQuality || reference ? 1 : loweredSoftScale
  const overridesRef = useRef<QualityOverrides>(overrides)
  overridesRef.current = overrides
  const doc = store.getState().document
  const rig = useRef<Group>(null)
  const cameraRef = useRef<ThreeCamera>(null)

  // Full quality on demand: resolved once React has committed the render without overrides (children's layout
  // effects, which rebuild meshes, run before this one).
  const committed = useRef<(() => void) | null>(null)
  useLayoutEffect(() => {
    committed.current?.()
    committed.current = null
  }, [fullQuality])
  const loweredRef = useRef(lowered)
  loweredRef.current = lowered
  const atFullQuality = useCallback(async <T,>(work: () => T): Promise<T> => {
    if (loweredRef.current.size === 0) return work()
    await new Promise<void>((resolve) => {
      committed.current = resolve
      setFullQuality(true)
    })
    try {
      return work()
    } finally {
      setFullQuality(false)
    }
  }, [])

  useFrame((state, delta) => {
    const current = store.getState().document
    const time = clock.tick(delta, current.scene.speed)
    host.uTime.value = time
    host.uSeed.value = seedToShaderOffset(current.seed)
    host.uNight.value = nightPhase(current.scene, time)
    host.uCrash.value = calm ? CALM_CRASH_ENVELOPE : crashEnvelope(current.scene, current.seed, time)
    safety.limiterActive = calm || !current.scene.allowIntenseFlashing
    safety.speed = current.scene.speed
    state.gl.getDrawingBufferSize(host.uResolution.value)

    const camera = cameraRef.current
    if (rig.current && camera) {
      applyCameraMotion(rig.current, current.scene, time, state.pointer)
      if (camera.fov !== current.scene.fov) {
        camera.fov = current.scene.fov
        camera.updateProjectionMatrix()
      }
      rig.current.updateMatrixWorld(true)
      host.uCameraWorld.value.copy(camera.matrixWorld)
      host.uInverseProjection.value.copy(camera.projectionMatrixInverse)
    }

    // an index loop: for-of allocates an iterator result per layer until the optimising compiler takes over
    const layers = current.layers
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!
      const runtime = runtimes.get(layer.id)
      if (!runtime) continue
      // cached per (params, overrides): the same object every frame until either changes
      const values = effectiveParams(layer.params, overridesRef.current.get(layer.id))
      if (runtime.written !== values) {
        writeParamUniforms(runtime.layerType, runtime.params, values)
        runtime.apply?.(values)
        runtime.written = values
      }
      runtime.setOpacity(layer.opacity)
    }
  }, -1)

  // Opaque object layers right above the backdrop run (terrain, water): the backdrop pass draws after them and
  // shades only the pixels they leave uncovered. Off in reference mode, which draws strictly in stack order.
  const plan = planScene(doc, registry, { fuse: fuseBackdrops, reference })

  return (
    <>
      <group ref={rig}>
        <PerspectiveCamera
          ref={cameraRef}
          makeDefault
          fov={doc.scene.fov}
          near={0.1}
          far={400}
          position={CAMERA_HOME.position}
          onUpdate={(camera) => camera.lookAt(...CAMERA_HOME.target)}
        />
      </group>
      {plan.fused.length > 0 && (
        <FusedBackdropLayers
          entries={plan.fused.map(({ layer, layerType }) => ({ layer, layerType, values: effectiveParams(layer.params, overrides.get(layer.id)) }))}
          host={host}
          runtimes={runtimes}
          reference={reference}
          softScale={softScale}
          occluders={plan.occluders}
          store={store}
        />
      )}
      {plan.materials.map(({ layer, index, layerType }) => (
        <MaterialLayer
          key={layer.id}
          layer={layer}
          values={effectiveParams(layer.params, overrides.get(layer.id))}
          layerType={layerType}
          renderOrder={index}
          seed={doc.seed}
          host={host}
          runtimes={runtimes}
        />
      ))}
      <EffectStack
        layers={plan.effects.map((entry) => entry.layer)}
        registry={registry}
        host={host}
        runtimes={runtimes}
        outputEffects={outputEffects}
        safety={safety}
        clock={clock}
        onReady={onReady}
        atFullQuality={atFullQuality}
      />
    </>
  )
}

interface MaterialLayerProps {
  layer: DreamLayer
  /** layer.params with any adaptive-quality overrides applied */
  values: Readonly<Record<string, ParamValue>>
  layerType: AnyLayerType
  renderOrder: number
  seed: number
  host: HostUniforms
  runtimes: Runtimes
}

/** A backdrop (full-screen triangle) or an object layer (its own component draws geometry). */
function MaterialLayer({ layer, values, layerType, renderOrder, seed, host, runtimes }: MaterialLayerProps) {
  // The material depends on the layer type only: value changes never rebuild it (or relink its program).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const { material, params } = useMemo(() => createLayerMaterial(layerType, layer.params, host), [layerType, host])
  useLayoutEffect(() => {
    const opacity = material.uniforms.uOpacity as Uniform<number>
    // An object faded out completely (a morph) must not hide the backdrops behind it through the depth
    // buffer; its own depth setting comes back when it fades in.
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
    runtimes.set(layer.id, { layerType, params, written: null, setOpacity })
    return () => void runtimes.delete(layer.id)
  }, [runtimes, layer.id, layerType, params, material])
  useLayoutEffect(() => applyBlend(material, layer.blend), [material, layer.blend])
  useEffect(() => () => material.dispose(), [material])

  if (layerType.kind === 'backdrop')
    return <mesh geometry={FULL_SCREEN_TRIANGLE} material={material} renderOrder={renderOrder} frustumCulled={false} />
  const ObjectComponent = layerType.object
  return ObjectComponent ? <ObjectComponent material={material} seed={seed} values={values} renderOrder={renderOrder} /> : null
}

interface FusedBackdropLayersProps {
  /** The bottom of the stack, as fusedRunLength chose it (values: params with quality overrides applied). */
  entries: { layer: DreamLayer; layerType: AnyLayerType; values: Readonly<Record<string, ParamValue>> }[]
  host: HostUniforms
  runtimes: Runtimes
  /** Every layer at full resolution (no soft passes). */
  reference: boolean
  /** Adaptive quality's factor on the soft layers' declared resolutions (1 = as declared). */
  softScale: number
  /** Opaque object layers right above the run (stack index = their renderOrder), drawn first while fully opaque. */
  occluders: readonly { id: string; index: number }[]
  store: DreamSceneProps['store']
}

/** Whether every occluder is fully opaque this frame (a morph fading one out needs the backdrop behind it). */
function occludersOpaque(layers: readonly DreamLayer[], occluders: readonly { id: string }[]): boolean {
  for (let i = 0; i < occluders.length; i++) {
    const id = occluders[i]!.id
    let found = false
    for (let j = 0; j < layers.length; j++) {
      if (layers[j]!.id !== id) continue
      if (layers[j]!.opacity < 1) return false
      found = true
      break
    }
    if (!found) return false
  }
  return occluders.length > 0
}

const softDrawingSize = new THREE.Vector2()

/** The backdrops at the bottom of the stack, in one full-screen pass (see backdropStack.ts). */
function FusedBackdropLayers({ entries, host, runtimes, reference, softScale, occluders, store }: FusedBackdropLayersProps) {
  // The program depends on the sequence of types only; values, opacities and blends are uniforms.
  const typesKey = entries.map((entry) => entry.layerType.type).join('+')
  const idsKey = entries.map((entry) => entry.layer.id).join('|')
  const blendsKey = entries.map((entry) => entry.layer.blend).join('|')
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the type sequence: values and blends are uniforms, so new entries of the same types keep the program
  const fused = useMemo(() => createFusedBackdrops(entries.map((entry) => ({ ...entry, blend: entry.layer.blend })), host, { reference }), [typesKey, host, reference])
  useLayoutEffect(() => {
    entries.forEach(({ layer, layerType }, slot) => {
      const { params, opacity } = fused.slots[slot]!
      runtimes.set(layer.id, { layerType, params, written: null, setOpacity: (value) => (opacity.value = value) })
    })
    return () => entries.forEach(({ layer }) => runtimes.delete(layer.id))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-register only when the ids change (idsKey), not for every new entries array
  }, [fused, idsKey, runtimes])
  useLayoutEffect(() => {
    entries.forEach(({ layer }, slot) => (fused.slots[slot]!.blend.value = BLEND_CODE[layer.blend]))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- blendsKey stands for the blends of entries
  }, [fused, blendsKey])
  useEffect(() => () => fused.dispose(), [fused])
  // The soft layers' small passes: after the uniforms are written (priority -1), before the composer draws (1).
  const softMeshes = useMemo(
    () => fused.softPasses.map((pass) => Object.assign(new THREE.Mesh(FULL_SCREEN_TRIANGLE, pass.material), { frustumCulled: false })),
    [fused],
  )
  // Sized before anything draws this frame: a water reflection (priority -0.5) scales its own soft targets from
  // these, and on the first frame they would still have their initial size (a blurred, wrong-coloured sky).
  useFrame(({ gl }) => {
    if (softMeshes.length === 0) return
    gl.getDrawingBufferSize(softDrawingSize)
    fused.softPasses.forEach((pass) => {
      const [width, height] = softTargetSize(softDrawingSize.x, softDrawingSize.y, pass.resolution, softScale)
      if (pass.target.width !== width || pass.target.height !== height) pass.target.setSize(width, height)
      pass.size.value.set(width, height)
    })
  }, -1)
  useFrame(({ gl, camera }) => {
    if (softMeshes.length === 0) return
    const previousTarget = gl.getRenderTarget()
    const autoClear = gl.autoClear
    gl.autoClear = false // every texel is overwritten (no blending): a clear would only cost time
    fused.softPasses.forEach((pass, i) => {
      gl.setRenderTarget(pass.target)
      gl.render(softMeshes[i]!, camera)
    })
    gl.setRenderTarget(previousTarget)
    gl.autoClear = autoClear
  }, 0)
  // a water reflection (reflection.ts) redraws them from its mirrored camera, at its own small scale
  useEffect(() => {
    const scaled = scaledSoftPasses(fused.softPasses, softMeshes, fused.material.uniforms)
    const unregister = registerCameraPass(host.uCameraWorld, scaled.draw)
    return () => {
      unregister()
      scaled.dispose()
    }
  }, [host, fused, softMeshes])
  // Behind opaque objects: drawn after them (three sorts these meshes by renderOrder) with the depth test on, so
  // the covered pixels are rejected before shading; otherwise first, over the cleared target, no depth test.
  const meshRef = useRef<THREE.Mesh>(null)
  useFrame(() => {
    const mesh = meshRef.current
    if (!mesh) return
    const behind = occludersOpaque(store.getState().document.layers, occluders)
    mesh.renderOrder = behind ? occluders[occluders.length - 1]!.index + 0.5 : 0
    fused.material.depthTest = behind
  }, -1) // before anything draws the scene this frame (the water's reflection draws it at -0.5)
  useLayoutEffect(() => void (fused.material.transparent = true), [fused]) // sorted with the objects by renderOrder
  return <mesh ref={meshRef} geometry={FULL_SCREEN_TRIANGLE} material={fused.material} renderOrder={0} frustumCulled={false} />
}

interface EffectStackProps {
  layers: DreamLayer[]
  registry: LayerRegistry
  host: HostUniforms
  runtimes: Runtimes
  outputEffects?: readonly Effect[]
  safety: SafetySwitch
  clock: DreamClock
  onReady?: (handle: DreamSceneHandle | null) => void
  atFullQuality: DreamSceneHandle['atFullQuality']
}

/**
 * The post-processing chain: the scene, then effect layers in stack order (merged into as few passes as
 * postprocessing allows), then the output stage. It always exists, so blending happens in linear HDR and
 * the final conversion to the display happens exactly once.
 */
function EffectStack({ layers, registry, host, runtimes, outputEffects, safety, clock, onReady, atFullQuality }: EffectStackProps) {
  const gl = useThree((state) => state.gl)
  const scene = useThree((state) => state.scene)
  const camera = useThree((state) => state.camera)
  const size = useThree((state) => state.size)
  const dpr = useThree((state) => state.viewport.dpr)
  const composer = useMemo(() => new EffectComposer(gl, { frameBufferType: HalfFloatType }), [gl])
  useEffect(() => () => composer.dispose(), [composer])

  const layersKey = layers.map((layer) => `${layer.id}:${layer.type}:${layer.blend}`).join('|')
  const limiterRef = useRef<FlashLimiterEffect | null>(null)
  useLayoutEffect(() => {
    const built: (LayerEffect & { id: string; blend: BlendMode })[] = []
    for (const layer of layers) {
      const layerType = registry.get(layer.type)
      if (!layerType) continue
      const made = createLayerEffect(layerType, layer, host)
      built.push({ ...made, id: layer.id, blend: layer.blend })
      const opacity = made.effect.blendMode.opacity
      const apply = layerType.applyParams
      runtimes.set(layer.id, {
        layerType,
        params: made.params,
        written: null,
        setOpacity: (value) => (opacity.value = value),
        apply: apply && ((values) => apply(made.effect, values)),
      })
    }
    const dither = new DitherEffect()
    // the flash limiter measures the finished picture, so it starts a pass of its own (a merged pass would hand
    // it the picture from before the effects it was merged with)
    const limiter = new FlashLimiterEffect({ time: () => host.uTime.value, speed: () => safety.speed })
    limiterRef.current = limiter
    const stages = [...built, ...(outputEffects ?? []).map((effect) => ({ effect, convolution: false }))]
    composer.addPass(new RenderPass(scene, camera))
    for (const group of groupIntoPasses(stages)) composer.addPass(new EffectPass(camera, ...group.map((stage) => stage.effect)))
    composer.addPass(new EffectPass(camera, limiter, dither))
    for (const stage of built) stage.effect.blendMode.blendFunction = effectBlend[stage.blend]
    return () => {
      for (const pass of [...composer.passes]) {
        composer.removePass(pass)
        pass.dispose()
      }
      for (const stage of built) {
        stage.effect.dispose()
        runtimes.delete(stage.id)
      }
      dither.dispose()
      limiter.dispose()
      limiterRef.current = null
    }
    // layersKey captures everything about `layers` that the chain depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [composer, layersKey, registry, host, runtimes, scene, camera, outputEffects])

  // The composer sizes its targets from the drawing buffer (CSS size x pixel ratio): a new pixel ratio
  // (adaptive quality's first steps) must resize them too, or every effect pass keeps the old resolution.
  useLayoutEffect(() => composer.setSize(size.width, size.height), [composer, size, dpr])
  useFrame((_, delta) => {
    if (limiterRef.current) limiterRef.current.active = safety.limiterActive
    composer.render(delta)
  }, 1)
  const advance = useThree((state) => state.advance)
  useEffect(() => {
    if (!onReady || !(camera instanceof THREE.PerspectiveCamera)) return
    onReady({ gl, composer, camera, clock, renderFrame: () => advance(performance.now() / 1000, true), atFullQuality })
    return () => onReady(null)
  }, [onReady, gl, composer, camera, clock, advance, atFullQuality])
  return null
}
