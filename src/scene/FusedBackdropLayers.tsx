/** The backdrops at the bottom of the stack drawn as one pass, with their soft (reduced-resolution) passes. */
import { useFrame, useThree } from '@react-three/fiber'
import * as THREE from 'three'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import type { StoreApi } from 'zustand/vanilla'
import type { AnyLayerType } from '../core/defineLayer'
import type { DreamDocument, DreamLayer } from '../core/document'
import type { ParamValue } from '../core/params'
import { canAmortise, createAmortisedSoftPass, isLiveFrame, registerSoftPassStats, type SoftFrameFacts } from './amortisedSoftPass'
import { createFusedBackdrops, setSlotBlend, softTargetSize } from './backdropStack'
import { FULL_SCREEN_TRIANGLE } from './fullscreenPass'
import type { HostUniforms } from './hostUniforms'
import type { LayerRuntimes } from './layerRuntimes'
import { firstDrawnRow, floorCoveredBelow, type Floor } from './floorCover'
import { registerCameraPass, scaledSoftPasses } from './reflection'
import { useStableArray } from './useStableArray'
import { registerWarmup } from './warmup'

interface FusedBackdropLayersProps {
  /** The bottom of the stack, as fusedRunLength chose it (values: params with quality overrides applied). */
  entries: { layer: DreamLayer; layerType: AnyLayerType; values: Readonly<Record<string, ParamValue>> }[]
  host: HostUniforms
  runtimes: LayerRuntimes
  /** Every layer at full resolution (no soft passes). */
  reference: boolean
  /** Adaptive quality's factor on the declared resolutions below 1 (1 = as declared; full-size passes stay full). */
  softScale: number
  /** Opaque object layers right above the run (stack index = their renderOrder), drawn first while fully opaque. */
  occluders: readonly { id: string; index: number }[]
  /** Normal-blend occluders with a floor anywhere above the run (ScenePlan.floorLayers). */
  floorLayers: readonly { id: string; index: number }[]
  store: StoreApi<{ document: DreamDocument }>
}

/** Whether layer `id` is in the document at full opacity (a morph fading it out needs what is behind it). */
function drawnOpaque(layers: readonly DreamLayer[], id: string): boolean {
  for (let j = 0; j < layers.length; j++) if (layers[j]!.id === id) return layers[j]!.opacity >= 1
  return false
}

/** Whether every occluder is fully opaque this frame. */
function occludersOpaque(layers: readonly DreamLayer[], occluders: readonly { id: string }[]): boolean {
  for (let i = 0; i < occluders.length; i++) if (!drawnOpaque(layers, occluders[i]!.id)) return false
  return occluders.length > 0
}

/**
 * The floors (src/scene/floorCover.ts) of the layers among `floorLayers` drawn at full opacity, from their current
 * uniform values (a morph or a modulation may move the water level), into `floors`; `values` keeps one record per
 * layer, reused.
 */
function collectFloors(layers: readonly DreamLayer[], floorLayers: readonly { id: string }[], runtimes: LayerRuntimes, values: Map<string, Record<string, unknown>>, floors: Floor[]) {
  floors.length = 0
  // index loops: this runs every frame
  for (let i = 0; i < floorLayers.length; i++) {
    const id = floorLayers[i]!.id
    if (!drawnOpaque(layers, id)) continue
    const runtime = runtimes.get(id)
    const floor = runtime?.layerType.floor
    if (!runtime || !floor) continue
    let record = values.get(id)
    if (!record) values.set(id, (record = {}))
    for (const name in runtime.params) record[name] = runtime.params[name]!.value
    floors.push(floor(record as Parameters<typeof floor>[0]))
  }
}

/** Rows of the fused pass's own target drawn below the covered height: the floor's antialiased edge. */
const FUSED_MARGIN = 2
/** Soft rows drawn below it: the fused pass's margin, and its upsample's taps (a tent reaches 1.5 texels). */
const SOFT_MARGIN = 4

const softDrawingSize = new THREE.Vector2()
const viewProjection = new THREE.Matrix4()
const cameraPosition = new THREE.Vector3()
const fusedScissor = new THREE.Vector4()
const restoredScissor = new THREE.Vector4()
const newFacts = (): SoftFrameFacts => ({ live: false, time: 0, width: 0, height: 0, document: null, forward: new THREE.Vector3() })

/** The backdrops at the bottom of the stack, in one full-screen pass (see backdropStack.ts). */
export function FusedBackdropLayers({ entries, host, runtimes, reference, softScale, occluders, floorLayers, store }: FusedBackdropLayersProps) {
  // The program depends on the sequence of types only; values, opacities and blends are uniforms.
  const typed = useStableArray(entries, (a, b) => a.layerType === b.layerType)
  const fused = useMemo(() => createFusedBackdrops(typed.map((entry) => ({ ...entry, blend: entry.layer.blend })), host, { reference }), [typed, host, reference])
  const placed = useStableArray(entries, (a, b) => a.layer.id === b.layer.id && a.layerType === b.layerType)
  useLayoutEffect(() => {
    const unregister = placed.map(({ layer, layerType }, slot) => {
      const { params, opacity } = fused.slots[slot]!
      return runtimes.register(layer.id, { layerType, params, written: null, setOpacity: (value) => (opacity.value = value) })
    })
    return () => unregister.forEach((done) => done())
  }, [fused, placed, runtimes])
  const blended = useStableArray(entries, (a, b) => a.layer.blend === b.layer.blend)
  useLayoutEffect(() => {
    blended.forEach(({ layer }, slot) => setSlotBlend(fused.slots[slot]!, layer.blend))
  }, [fused, blended])
  useEffect(() => () => fused.dispose(), [fused])
  // The soft layers' small passes: after the uniforms are written (priority -1), before the composer draws (1).
  const softMeshes = useMemo(
    () => fused.softPasses.map((pass) => Object.assign(new THREE.Mesh(FULL_SCREEN_TRIANGLE, pass.material), { frustumCulled: false })),
    [fused],
  )
  // Live frames shade a quarter of the amortised layers' texels and reproject the rest (amortisedSoftPass.ts).
  const amortised = useMemo(() => fused.softPasses.map((pass) => createAmortisedSoftPass(pass, host)), [fused, host])
  useEffect(() => () => amortised.forEach((pass) => pass.dispose()), [amortised])
  const gl = useThree((state) => state.gl)
  useLayoutEffect(() => registerSoftPassStats(gl, amortised.map((pass) => pass.stats)), [gl, amortised])
  // compiled with the first frame's programs (warmup.ts): the soft passes, and the resolve of the first live frame
  useLayoutEffect(
    () =>
      registerWarmup(gl, () => [
        ...fused.softPasses.map((pass, i) => ({ object: softMeshes[i]!, target: pass.target })),
        ...amortised.flatMap((pass) => pass.programs),
        ...fused.insets.map((inset) => ({ object: inset.object, target: inset.target })),
      ]),
    [gl, fused, softMeshes, amortised],
  )
  // the floors the opaque occluders cover this frame
  const floors = useMemo<Floor[]>(() => [], [])
  const floorValues = useMemo(() => new Map<string, Record<string, unknown>>(), [])
  const inverse = useMemo(() => new THREE.Matrix4(), [])
  // two records of frame facts, alternated: nothing allocated per frame
  const frameFacts = useMemo(() => [newFacts(), newFacts()], [])
  const lastFrame = useRef<SoftFrameFacts | null>(null)
  useEffect(() => void (lastFrame.current = null), [amortised]) // a new structure starts from a full frame
  // Sized before anything draws this frame: a water reflection (priority -0.5) scales its own soft targets from
  // these, and on the first frame they would still have their initial size (a blurred, wrong-coloured sky).
  useFrame(({ gl }) => {
    if (softMeshes.length === 0) return
    gl.getDrawingBufferSize(softDrawingSize)
    fused.softPasses.forEach((pass, i) => {
      // adaptive quality lowers the soft layers; a full-size pass holds sharp layers (texel for texel) and stays
      const [width, height] = softTargetSize(softDrawingSize.x, softDrawingSize.y, pass.resolution, pass.resolution < 1 ? softScale : 1)
      amortised[i]!.setSize(width, height)
      pass.size.value.set(width, height)
    })
  }, -1)
  useFrame(({ gl, camera }) => {
    if (softMeshes.length === 0) return
    const facts = frameFacts[lastFrame.current === frameFacts[0] ? 1 : 0]!
    facts.live = isLiveFrame(gl)
    facts.time = host.uTime.value
    facts.width = fused.softPasses[0]!.target.width
    facts.height = fused.softPasses[0]!.target.height
    facts.document = store.getState().document
    facts.forward.set(0, 0, -1).transformDirection(host.uCameraWorld.value)
    const amortise = canAmortise(lastFrame.current, facts)
    lastFrame.current = facts
    // the view's camera as the soft passes see it (the host camera uniforms)
    const cameraWorld = host.uCameraWorld.value
    viewProjection.copy(host.uInverseProjection.value).invert().multiply(inverse.copy(cameraWorld).invert())
    const covered = floorCoveredBelow(floors, viewProjection, cameraPosition.setFromMatrixPosition(cameraWorld))
    const previousTarget = gl.getRenderTarget()
    const autoClear = gl.autoClear
    gl.autoClear = false // every texel is overwritten (no blending): a clear would only cost time
    amortised.forEach((pass, i) => pass.render(gl, camera, softMeshes[i]!, amortise, firstDrawnRow(covered, fused.softPasses[i]!.target.height, SOFT_MARGIN)))
    gl.setRenderTarget(previousTarget)
    gl.autoClear = autoClear
  }, 0)
  // The insets (insetPass.ts), sized to the disc on screen: after the uniforms are written (-1), before a water
  // reflection draws the fused pass from its mirrored camera (-0.5); in the disc's own coordinates, so one
  // texture serves both cameras.
  useFrame(({ gl, camera }) => {
    if (fused.insets.length === 0) return
    gl.getDrawingBufferSize(softDrawingSize)
    const tanHalfFov = host.uInverseProjection.value.elements[5]!
    const previousTarget = gl.getRenderTarget()
    for (const inset of fused.insets) {
      inset.setSize(softDrawingSize.y, tanHalfFov)
      gl.setRenderTarget(inset.target)
      gl.render(inset.object, camera)
    }
    gl.setRenderTarget(previousTarget)
  }, -0.75)
  // a water reflection (reflection.ts) redraws them from its mirrored camera, at its own small scale
  useEffect(() => {
    const scaled = scaledSoftPasses(fused.softPasses, softMeshes)
    const unregister = registerCameraPass(host.uCameraWorld, scaled.draw)
    return () => {
      unregister()
      scaled.dispose()
    }
  }, [host, fused, softMeshes])
  // Behind opaque objects: drawn after them (three sorts these meshes by renderOrder) with the depth test on, so
  // the covered pixels are rejected before shading; otherwise first, over the cleared target. The depth test stays
  // on either way: drawn first, it rejects what an opaque lake's depth sheet (drawn before every layer:
  // WaterObject.tsx) hides, and elsewhere the depth is clear and every pixel passes.
  const meshRef = useRef<THREE.Mesh>(null)
  useFrame(() => {
    const mesh = meshRef.current
    if (!mesh) return
    const layers = store.getState().document.layers
    const behind = occludersOpaque(layers, occluders)
    mesh.renderOrder = behind ? occluders[occluders.length - 1]!.index + 0.5 : 0
    collectFloors(layers, floorLayers, runtimes, floorValues, floors)
  }, -1) // before anything draws the scene this frame (the water's reflection draws it at -0.5)
  // The fused pass leaves out the rows a floor covers, for the view's camera only: a reflection clips away what
  // lies under the water, floors included, so nothing may be left out of its picture.
  const viewCamera = useThree((state) => state.camera)
  useLayoutEffect(() => {
    const mesh = meshRef.current
    if (!mesh) return
    let scissored = false
    mesh.onBeforeRender = (renderer, _scene, camera) => {
      if (floors.length === 0 || camera !== viewCamera) return
      viewProjection.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse)
      const covered = floorCoveredBelow(floors, viewProjection, cameraPosition.setFromMatrixPosition(camera.matrixWorld))
      const target = renderer.getRenderTarget()
      const width = target ? target.width : renderer.getDrawingBufferSize(softDrawingSize).x
      const height = target ? target.height : softDrawingSize.y
      const row = firstDrawnRow(covered, height, FUSED_MARGIN)
      if (row === 0) return
      renderer.state.scissor(fusedScissor.set(0, row, width, height - row))
      renderer.state.setScissorTest(true)
      scissored = true
    }
    mesh.onAfterRender = (renderer) => {
      if (!scissored) return
      scissored = false
      // back to the target's own scissor (three keeps the canvas's in CSS pixels)
      const target = renderer.getRenderTarget()
      if (target) restoredScissor.copy(target.scissor)
      else renderer.getScissor(restoredScissor).multiplyScalar(renderer.getPixelRatio()).round()
      renderer.state.scissor(restoredScissor)
      renderer.state.setScissorTest(target ? target.scissorTest : renderer.getScissorTest())
    }
    return () => {
      mesh.onBeforeRender = () => {}
      mesh.onAfterRender = () => {}
    }
  }, [floors, viewCamera])
  useLayoutEffect(() => {
    fused.material.transparent = true // sorted with the objects by renderOrder
    fused.material.depthTest = true // see above
  }, [fused])
  return <mesh ref={meshRef} geometry={FULL_SCREEN_TRIANGLE} material={fused.material} renderOrder={0} frustumCulled={false} />
}
