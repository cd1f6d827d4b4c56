/** The post-processing chain: effect layers in stack order, then the output stage (tone mapping, flash limiter, dither). */
import { useFrame, useThree } from '@react-three/fiber'
import * as THREE from 'three'
import { EffectComposer, EffectPass, RenderPass, type Effect, type EffectMaterial } from 'postprocessing'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { Uniform } from 'three'
import type { BlendMode, LayerRegistry } from '../core/defineLayer'
import type { DreamLayer } from '../core/document'
import { FlashLimiterEffect, type PictureSampler } from '../safety/flashLimiter'
import type { DreamClock } from './clock'
import type { DreamSceneHandle } from './DreamScene'
import type { HostUniforms } from './hostUniforms'
import { createLayerEffect, effectBlend, groupIntoPasses, type LayerEffect } from './layerEffect'
import type { LayerRuntimes } from './layerRuntimes'
import { DitherEffect, PICTURE_SAMPLE_DEFINE, ToneMapEffect } from './outputEffect'
import { useStableArray } from './useStableArray'
import { attachHeldRegion, type HeldRegion } from './heldRegion'
import { OWN_INPUT_UNIFORM, sampleOwnPixelNearest } from './nearestInput'
import { targetType } from './targetPrecision'

/** Whether the output-stage flash limiter works this frame (written by the frame loop, read by the chain). */
export interface SafetySwitch {
  limiterActive: boolean
  /** The document's time speed: the limiter counts display seconds, not dream seconds. */
  speed: number
  /** The scene's exposure (gain before the tone mapping); 1 when absent. */
  exposure?: number
}

interface EffectStackProps {
  layers: DreamLayer[]
  registry: LayerRegistry
  host: HostUniforms
  runtimes: LayerRuntimes
  outputEffects?: readonly Effect[]
  safety: SafetySwitch
  clock: DreamClock
  onReady?: (handle: DreamSceneHandle | null) => void
  atFullQuality: DreamSceneHandle['atFullQuality']
}

/**
 * Where no effect moves the lookup (mainUv), the pixel a pass reads first is its own: one lookup of a texel centre
 * instead of a filtered lookup of four texels (the same value, a fraction of the work on a software renderer),
 * through a nearest sampler (nearestInput.ts: cheaper than texelFetch there). Effects that sample elsewhere keep
 * their own, filtered lookups. In the program that draws the flash limiter's sample of the picture (small), the
 * pixel under each sample point is found from the uv.
 */
const OWN_TEXEL = /* glsl */ `
#ifdef ${PICTURE_SAMPLE_DEFINE}
#define DREAM_OWN_TEXEL(t) texelFetch(t, ivec2(UV * vec2(textureSize(t, 0))), 0)
#else
uniform highp sampler2D ${OWN_INPUT_UNIFORM};
#define DREAM_OWN_TEXEL(t) texture2D(${OWN_INPUT_UNIFORM}, UV)
#endif
`
function readsOwnTexel(pass: EffectPass): EffectPass {
  ;(pass.fullscreenMaterial as EffectMaterial).onBeforeCompile = (shader) => {
    if (shader.fragmentShader.includes('MainUv(UV)')) return
    shader.fragmentShader = OWN_TEXEL + shader.fragmentShader.replace('texture2D(inputBuffer,UV)', 'DREAM_OWN_TEXEL(inputBuffer)')
  }
  sampleOwnPixelNearest(pass)
  return pass
}

const drawingSize = new THREE.Vector2()

/**
 * Whether the output stage can join the last effect pass: its effects must compute each pixel from the uv alone,
 * since the flash limiter has that pass draw its sample of the picture at a smaller size. Layer effects say so in
 * their declaration (`pixelGrid`); effects handed in from outside (outputEffects) declare nothing and are taken
 * to read the pixel grid.
 */
export function canShareOutputPass(effects: readonly { pixelGrid: boolean }[]): boolean {
  return effects.every((item) => !item.pixelGrid)
}

/**
 * The limiter's sample of the picture, drawn by the merged pass's picture-sample program into the sample target
 * (see FlashLimiterEffect.sampleFrom), and whole: the held region's cut off (heldRegion.ts).
 */
function sampleThrough(material: EffectMaterial, held: HeldRegion): PictureSampler {
  const camera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1)
  return (renderer, inputBuffer, target) => {
    const previous = renderer.getRenderTarget()
    held.cut.value = 0
    material.inputBuffer = inputBuffer.texture
    renderer.setRenderTarget(target)
    renderer.render(held.pictureSample, camera)
    renderer.setRenderTarget(previous)
    held.cut.value = 1
  }
}

/**
 * The post-processing chain: the scene, then effect layers in stack order (merged into as few passes as
 * postprocessing allows), then the output stage. It always exists, so blending happens in linear HDR and
 * the final conversion to the display happens exactly once.
 */
export function EffectStack({ layers, registry, host, runtimes, outputEffects, safety, clock, onReady, atFullQuality }: EffectStackProps) {
  const gl = useThree((state) => state.gl)
  const scene = useThree((state) => state.scene)
  const camera = useThree((state) => state.camera)
  const size = useThree((state) => state.size)
  const dpr = useThree((state) => state.viewport.dpr)
  const composer = useMemo(() => new EffectComposer(gl, { frameBufferType: targetType() }), [gl])
  useEffect(() => () => composer.dispose(), [composer])

  // The chain is rebuilt when the effect layers, their types or blends change; values arrive as uniforms.
  const chained = useStableArray(layers, (a, b) => a.id === b.id && a.type === b.type && a.blend === b.blend)
  const limiterRef = useRef<FlashLimiterEffect | null>(null)
  // one exposure uniform for the tone mapping and the limiter's measurements, written once per frame
  const exposure = useMemo(() => new Uniform(1), [])
  useLayoutEffect(() => {
    const built: (LayerEffect & { blend: BlendMode; unregister: () => void })[] = []
    for (const layer of chained) {
      const layerType = registry.get(layer.type)
      if (!layerType) continue
      const made = createLayerEffect(layerType, layer, host)
      const opacity = made.effect.blendMode.opacity
      const apply = layerType.applyParams
      const unregister = runtimes.register(layer.id, {
        layerType,
        params: made.params,
        written: null,
        setOpacity: (value) => (opacity.value = value),
        apply: apply && ((values) => apply(made.effect, values)),
      })
      built.push({ ...made, blend: layer.blend, unregister })
    }
    // the output stage: tone mapping, then the flash limiter (which measures the picture through the same tone
    // mapping: what is displayed), then dither and sRGB. It joins the last effect pass when it can (a full-screen
    // pass fewer); the limiter then has that pass draw the picture it measures (FlashLimiterEffect.sampleFrom).
    const dither = new DitherEffect()
    const toneMap = new ToneMapEffect(exposure)
    const limiter = new FlashLimiterEffect({ time: () => host.uTime.value, speed: () => safety.speed, exposure })
    limiterRef.current = limiter
    const stages = [...built, ...(outputEffects ?? []).map((effect) => ({ effect, convolution: false, pixelGrid: true }))]
    const grouped = groupIntoPasses(stages)
    const shared = grouped.length > 0 && canShareOutputPass(grouped.at(-1)!)
    const groups = grouped.map((group) => group.map((item) => item.effect))
    const last = groups.at(-1)
    if (shared && last) last.push(toneMap, limiter, dither)
    else groups.push([toneMap, limiter, dither])
    composer.addPass(new RenderPass(scene, camera))
    for (const group of groups) composer.addPass(readsOwnTexel(new EffectPass(camera, ...group)))
    // effects that reuse work between frames (the bloom) look at the camera for cuts
    composer.setMainCamera(camera)
    const output = composer.passes.at(-1) as EffectPass
    const material = output.fullscreenMaterial as EffectMaterial
    // the dither writes display (sRGB) values itself, with a cheaper curve than three's encoding
    material.encodeOutput = false
    // the limiter's per-pixel step only where a tile holds (none, most frames): the pass draws the picture around
    // the held rectangle, a second program of it the rectangle
    const heldRegion = attachHeldRegion(output, limiter)
    limiter.sampleFrom(shared ? sampleThrough(material, heldRegion) : null)
    for (const stage of built) stage.effect.blendMode.blendFunction = effectBlend[stage.blend]
    return () => {
      heldRegion.detach()
      for (const pass of [...composer.passes]) {
        composer.removePass(pass)
        pass.dispose()
      }
      for (const stage of built) {
        stage.effect.dispose()
        stage.unregister()
      }
      dither.dispose()
      toneMap.dispose()
      limiter.dispose()
      limiterRef.current = null
    }
  }, [composer, chained, registry, host, runtimes, safety, scene, camera, outputEffects, exposure])

  // The composer sizes its targets from the drawing buffer (CSS size x pixel ratio): a new pixel ratio
  // (adaptive quality's first steps) must resize them too, or every effect pass keeps the old resolution.
  useLayoutEffect(() => composer.setSize(size.width, size.height), [composer, size, dpr])
  useFrame((state, delta) => {
    // A new pixel ratio set inside a frame (adaptive quality's governor runs in one) resizes the canvas at once,
    // before React re-renders: the buffers follow before the composer draws, or for that frame the scene would be
    // drawn into buffers of the old size and the passes would stretch them over the canvas
    state.gl.getDrawingBufferSize(drawingSize)
    if (composer.inputBuffer.width !== drawingSize.x || composer.inputBuffer.height !== drawingSize.y) composer.setSize(state.size.width, state.size.height)
    if (limiterRef.current) limiterRef.current.active = safety.limiterActive
    exposure.value = safety.exposure ?? 1
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
