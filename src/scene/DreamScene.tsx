/**
 * <DreamScene>: renders a dream document. The editor and the viewer both use it; the editor only adds panels.
 * React renders when the layer structure changes; every frame after that only writes uniforms.
 */
import { extend, useFrame, useThree } from '@react-three/fiber'
import * as THREE from 'three'
import { PerspectiveCamera } from '@react-three/drei'
import type { EffectComposer, Effect } from 'postprocessing'
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { Group, PerspectiveCamera as ThreeCamera, WebGLRenderer } from 'three'
import type { StoreApi } from 'zustand/vanilla'
import { useStore } from 'zustand'
import type { LayerRegistry, SceneFacts } from '../core/defineLayer'
import { seedToShaderOffset, type DreamDocument } from '../core/document'
import { applyCameraMotion, CAMERA_HOME } from './camera'
import type { DreamClock } from './clock'
import { createHostUniforms } from './hostUniforms'
import { writeParamUniforms } from './layerUniforms'
import { LayerRuntimes } from './layerRuntimes'
import { nightPhase } from './night'
import { planScene, skyIsOpaque } from './planScene'
import { structureSelector } from './structure'
import { crashEnvelope } from './crashEnvelope'
import { chooseTargetType } from './targetPrecision'
import { createQualityStore, effectiveParams, type QualityOverrides, type QualityStore } from './quality'
import { EffectStack, type SafetySwitch } from './EffectStack'
import { FusedBackdropLayers } from './FusedBackdropLayers'
import { MaterialLayer } from './MaterialLayer'
import type { ModulationInputs } from '../modulation/inputs'
import type { Modulator } from '../modulation/modulator'
import { useModulation } from '../modulation/useModulation'

// <Canvas> registers three's classes itself; createRoot (embeds, tests) needs this. r3f bundles all of three anyway.
extend(THREE as unknown as Parameters<typeof extend>[0])

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
  /** Live audio, MIDI and pointer values for the document's modulation; without them those sources rest at 0. */
  modulationInputs?: ModulationInputs
  /** The modulator to run (a studio reads its live source values for meters); one of its own when absent. */
  modulator?: Modulator
}

/** The crash envelope in calm mode: a faint, steady hum of glitch; nothing bursts. */
export const CALM_CRASH_ENVELOPE = 0.08

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

export function DreamScene({ store, registry, clock, outputEffects, quality, onReady, calm = false, fuseBackdrops = true, reference = false, modulationInputs, modulator }: DreamSceneProps) {
  // before the layers and the effect chain below make their render targets
  const gl = useThree((state) => state.gl)
  useMemo(() => chooseTargetType(gl), [gl])
  const host = useMemo(createHostUniforms, [])
  // read by object layers (ObjectLayerProps.scene); the frame loop keeps it current
  const sceneFacts = useMemo<SceneFacts>(() => ({ skyOpaque: false }), [])
  const safety = useMemo<SafetySwitch>(() => ({ limiterActive: true, speed: 1 }), [])
  const runtimes = useMemo(() => new LayerRuntimes(), [])
  // re-rendered by structural edits only (see structure.ts); slider moves reach the GPU in the frame loop
  useStore(store, useMemo(() => structureSelector(registry), [registry]))
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
    safety.exposure = current.scene.exposure
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

    sceneFacts.skyOpaque = skyIsOpaque(current.layers, registry)
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
  // bound parameters written over the values above, before anything draws (priority -0.75)
  useModulation({ store, registry, runtimes, host, calm, inputs: modulationInputs, modulator })

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
          floorLayers={plan.floorLayers}
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
          scene={sceneFacts}
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
