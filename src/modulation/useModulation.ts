/**
 * Modulation in the frame loop: DreamScene's frame callback (priority -1) writes the document's values, then
 * this one (priority -0.75, before the water reflection at -0.5 and anything that draws) evaluates the sources and
 * writes each bound parameter's modulated value over them. No React render, no shader relink, no allocation per
 * frame; a binding removed hands its parameter back to the frame loop, which rewrites the base value.
 */
import { useFrame } from '@react-three/fiber'
import { useMemo } from 'react'
import type { PerspectiveCamera } from 'three'
import type { StoreApi } from 'zustand/vanilla'
import type { LayerRegistry } from '../core/defineLayer'
import { SCENE_TARGET, type DreamDocument } from '../core/document'
import type { SceneSettings } from '../core/sceneSettings'
import { applyCameraMotion } from '../scene/camera'
import { crashEnvelope } from '../scene/crashEnvelope'
import type { HostUniforms } from '../scene/hostUniforms'
import type { LayerRuntimes } from '../scene/layerRuntimes'
import { nightPhase } from '../scene/night'
import { createModulationInputs, type ModulationInputs } from './inputs'
import { createModulator, type ModulatedTarget, type Modulator } from './modulator'
import { modulatedSceneValue, writeLayerModulation } from './writeModulation'

/** Where this runs among the frame callbacks: after DreamScene's writes (-1), before the reflection draws (-0.5). */
export const MODULATION_PRIORITY = -0.75

/** Inputs at rest, for pages that pass none: every audio, MIDI and pointer source then rests at 0. */
const AT_REST = createModulationInputs()

export interface ModulationFrameOptions {
  store: StoreApi<{ document: DreamDocument }>
  registry: LayerRegistry
  runtimes: LayerRuntimes
  host: HostUniforms
  /** Calm mode holds the crash envelope steady: crash severity is then not modulated. */
  calm: boolean
  inputs?: ModulationInputs
  /** Receives the modulator (live meters read valueOf); optional. */
  modulator?: Modulator
}

export function useModulation({ store, registry, runtimes, host, calm, inputs, modulator: given }: ModulationFrameOptions): Modulator {
  const modulator = useMemo(() => given ?? createModulator(), [given])
  const frame = useMemo(
    () => ({
      dream: { night: 0, crash: 0 },
      /** The layers the current compile modulates. */
      written: new Set<string>(),
      /** The layers the previous compile modulated, handed back to the frame loop once (their base rewritten). */
      handBack: new Set<string>(),
      scene: null as ModulatedTarget | null,
      sceneValues: {} as Record<string, unknown>,
    }),
    [],
  )

  useFrame((state, delta) => {
    const document = store.getState().document
    const changed = modulator.update(document, registry)
    if (changed) {
      // the layers modulated until now: handed back to the frame loop after this frame's writes (below)
      const previous = frame.written
      frame.written = frame.handBack
      frame.handBack = previous
      frame.written.clear()
      frame.scene = null
      for (const target of modulator.targets) {
        if (target.target === SCENE_TARGET) frame.scene = target
        else frame.written.add(target.target)
      }
    }
    if (modulator.counts.sources > 0) {
      frame.dream.night = host.uNight.value
      frame.dream.crash = document.scene.crashMode === 'off' ? 0 : host.uCrash.value
      modulator.evaluate(host.uTime.value, delta, inputs ?? AT_REST, frame.dream)
      const sums = modulator.sums
      const targets = modulator.targets
      for (let i = 0; i < targets.length; i++) {
        const target = targets[i]!
        if (target !== frame.scene) writeLayerModulation(target, runtimes.get(target.target), sums)
      }
      if (frame.scene) writeScene(frame.scene, sums, document, state.camera as PerspectiveCamera, state.pointer)
    }
    if (changed) {
      // every layer modulated before the change gets all its base values written again by the next frame (a
      // binding removed or retargeted leaves its parameter at the base; those still bound are written over again)
      for (const id of frame.handBack) {
        const runtime = runtimes.get(id)
        if (runtime) runtime.written = null
      }
      frame.handBack.clear()
    }
  }, MODULATION_PRIORITY)

  /** The bound scene settings, applied where the frame loop put their base effect (camera, night, crash). */
  function writeScene(target: ModulatedTarget, sums: Float64Array, document: DreamDocument, camera: PerspectiveCamera, pointer: { x: number; y: number }) {
    const base = document.scene
    const values = frame.sceneValues
    for (const key in base) values[key] = base[key as keyof SceneSettings]
    let camera3 = false
    let night = false
    let crash = false
    for (let i = 0; i < target.params.length; i++) {
      const param = target.params[i]!
      values[param.param] = modulatedSceneValue(param, sums, base[param.param as keyof SceneSettings] as number)
      if (param.param === 'fov') {
        camera.fov = values.fov as number
        camera.updateProjectionMatrix()
        host.uInverseProjection.value.copy(camera.projectionMatrixInverse)
      } else if (param.param === 'cameraAmount') camera3 = true
      else if (param.param === 'nightPhase') night = true
      else if (param.param === 'crashSeverity') crash = true
    }
    const scene = values as unknown as SceneSettings
    const time = host.uTime.value
    const rig = camera.parent
    if (camera3 && rig) {
      applyCameraMotion(rig, scene, time, pointer)
      rig.updateMatrixWorld(true)
      host.uCameraWorld.value.copy(camera.matrixWorld)
    }
    if (night) host.uNight.value = nightPhase(scene, time)
    if (crash && !calm) host.uCrash.value = crashEnvelope(scene, document.seed, time)
  }

  return modulator
}
