/**
 * Planar reflections for water: the scene (backdrops and objects, not the water itself) rendered from the
 * camera mirrored in the water plane, into a small target the water samples with ripple distortion.
 *
 * Backdrops draw from the host camera uniforms (uCameraWorld, uInverseProjection), not from three's camera,
 * and some render first into small soft targets of their own (backdropStack.ts). So the reflection swaps the
 * host camera uniforms for the mirrored camera's, re-runs those camera passes for it, draws, and puts
 * everything back; the real camera's passes then run as usual (priority 0, after the reflection's -0.5).
 */
import { createReusableWork } from './frameReuse'
import { Color, LinearFilter, Matrix4, PerspectiveCamera, Plane, Vector2, Vector3, Vector4, WebGLRenderTarget, type Camera, type LineSegments, type Object3D, type Points, type Texture, type Uniform, type WebGLRenderer } from 'three'
import { targetType } from './targetPrecision'

/**
 * Something drawn from the host camera uniforms before the scene (the soft backdrop passes), at `scale` of its
 * usual size; it returns what undoes any change it made to the scene's materials once the reflection is drawn.
 */
export type CameraPass = (gl: WebGLRenderer, camera: Camera, scale: number) => (() => void) | void

const cameraPasses = new WeakMap<object, Set<CameraPass>>()

/**
 * Registers a pass that depends on the host camera uniforms; `key` is the shared uCameraWorld uniform (every
 * layer material holds it, so an object layer finds the passes of its own scene). Returns the unregister.
 */
export function registerCameraPass(key: object, pass: CameraPass): () => void {
  let passes = cameraPasses.get(key)
  if (!passes) cameraPasses.set(key, (passes = new Set()))
  passes.add(pass)
  return () => void passes.delete(pass)
}

/** Runs the camera passes for another camera; returns the undo of all of them. */
export function runCameraPasses(key: object, gl: WebGLRenderer, camera: Camera, scale: number): () => void {
  const undos: (() => void)[] = []
  cameraPasses.get(key)?.forEach((pass) => {
    const undo = pass(gl, camera, scale)
    if (undo) undos.push(undo)
  })
  return () => undos.forEach((undo) => undo())
}

/** What a soft backdrop pass exposes (backdropStack.ts): its target, drawing size and the fused pass's samplers. */
export interface ScalablePass {
  target: WebGLRenderTarget
  size: Uniform<Vector2>
  /** The fused pass's sampler uniforms of the pass's layers, in attachment order. */
  outputs: Uniform<Texture>[]
}

/**
 * Soft passes redrawn for a reflection at the reflection's scale, into targets of their own (the real view's
 * targets keep their size: resizing them twice a frame would reallocate), with the fused material pointed at
 * them until the undo. Without this a reflection would redraw the soft layers at full soft size. Always every
 * texel (never amortised): at 1/4 of the soft size they cost little, and the mirrored view has no history.
 */
export function scaledSoftPasses(passes: readonly ScalablePass[], meshes: readonly Object3D[]) {
  const small = new Map<WebGLRenderTarget, WebGLRenderTarget>()
  const savedSize = new Vector2()
  return {
    draw(gl: WebGLRenderer, camera: Camera, scale: number): () => void {
      const swaps: [Uniform<Texture>, Texture][] = []
      const previousTarget = gl.getRenderTarget()
      const autoClear = gl.autoClear
      gl.autoClear = false // every texel is overwritten
      passes.forEach((pass, i) => {
        let target = small.get(pass.target)
        if (!target) small.set(pass.target, (target = pass.target.clone()))
        const width = Math.max(1, Math.round(pass.target.width * scale))
        const height = Math.max(1, Math.round(pass.target.height * scale))
        if (target.width !== width || target.height !== height) target.setSize(width, height)
        savedSize.copy(pass.size.value)
        pass.size.value.set(width, height)
        gl.setRenderTarget(target)
        gl.render(meshes[i]!, camera)
        pass.size.value.copy(savedSize)
        pass.outputs.forEach((uniform, i) => {
          swaps.push([uniform, uniform.value])
          uniform.value = target.textures[i]!
        })
      })
      gl.setRenderTarget(previousTarget)
      gl.autoClear = autoClear
      return () => swaps.forEach(([uniform, value]) => (uniform.value = value))
    },
    dispose() {
      small.forEach((target) => target.dispose())
      small.clear()
    },
  }
}

/** Off only to measure what the reflection costs (the water then shows its own sky colours alone). */
export const reflectionSwitch = { enabled: true }

/** The reflection's fraction of the drawing buffer: ripples blur it anyway, and it is 1/16 of the pixels. */
export const REFLECTION_SCALE = 1 / 4

const WATER_UP = new Vector3(0, 1, 0)

const drawingSize = new Vector2()
/**
 * Whether the renderer now draws into a small target: at most half the picture's height, as the water's
 * quarter-size reflection is. Objects draw their coarsest geometry there (its detail would be sub-pixel).
 */
export function drawingSmallTarget(renderer: WebGLRenderer): boolean {
  const target = renderer.getRenderTarget()
  return target !== null && target.height <= renderer.getDrawingBufferSize(drawingSize).y * 0.5
}

const BIAS = new Matrix4().set(0.5, 0, 0, 0.5, 0, 0.5, 0, 0.5, 0, 0, 0.5, 0.5, 0, 0, 0, 1)

export interface PlanarReflection {
  target: WebGLRenderTarget
  /** World position -> reflection texture coordinates (projective). */
  textureMatrix: Matrix4
  /** The mirrored camera the reflection was drawn from: its world matrix and its (plain) inverse projection. */
  mirrorWorld: Matrix4
  mirrorInverseProjection: Matrix4
  /** Draws the reflection for the water plane y = level. */
  render(gl: WebGLRenderer, scene: Object3D, camera: Camera, level: number, hide: Object3D, host: HostCameraUniforms): void
  /**
   * Whether the reflection drawn last may stand for this frame (call once a frame): two live frames in three, when
   * it was drawn at this size and water level, moments ago, from nearly here (frameReuse.ts). Under the ripples a
   * reflection two frames old cannot be told from a new one, and it keeps the texture matrix it was drawn with, so
   * it stays in place.
   */
  reusable(gl: WebGLRenderer, camera: Camera, level: number, time: number): boolean
  dispose(): void
}

export interface HostCameraUniforms {
  uTime: Uniform<number>
  uCameraWorld: Uniform<Matrix4>
  uInverseProjection: Uniform<Matrix4>
  uResolution: Uniform<Vector2>
}

export function createPlanarReflection(): PlanarReflection {
  const target = new WebGLRenderTarget(1, 1, { type: targetType(), minFilter: LinearFilter, magFilter: LinearFilter, depthBuffer: true })
  const mirrorCamera = new PerspectiveCamera()
  const textureMatrix = new Matrix4()
  const eye = new Vector3()
  const look = new Vector3()
  const up = new Vector3()
  const plane = new Plane()
  const clip = new Vector4()
  const q = new Vector4()
  const savedWorld = new Matrix4()
  const savedInverse = new Matrix4()
  const savedResolution = new Vector2()
  const hidden: Object3D[] = []
  const size = { x: 0, y: 0 }
  const buffer = new Vector2()
  const clearColor = new Color()
  const work = createReusableWork(0)

  function fitSize(gl: WebGLRenderer): void {
    const drawing = gl.getDrawingBufferSize(buffer)
    size.x = Math.max(1, Math.round(drawing.x * REFLECTION_SCALE))
    size.y = Math.max(1, Math.round(drawing.y * REFLECTION_SCALE))
  }

  function mirror(point: Vector3, level: number): Vector3 {
    point.y = 2 * level - point.y
    return point
  }

  return {
    target,
    textureMatrix,
    mirrorWorld: mirrorCamera.matrixWorld,
    mirrorInverseProjection: mirrorCamera.projectionMatrixInverse,
    reusable(gl, camera, level, time) {
      fitSize(gl)
      return work.mayReuse(gl, camera, time, size.x, size.y, level)
    },
    render(gl, scene, camera, level, hide, host) {
      fitSize(gl)
      if (target.width !== size.x || target.height !== size.y) target.setSize(size.x, size.y)

      // the mirrored camera: a proper rotation (eye, target and up mirrored), so nothing renders inside out
      camera.updateMatrixWorld()
      eye.setFromMatrixPosition(camera.matrixWorld)
      look.set(0, 0, -1).applyMatrix4(camera.matrixWorld)
      up.set(0, 1, 0).transformDirection(camera.matrixWorld)
      mirror(eye, level)
      mirror(look, level)
      up.y = -up.y
      mirrorCamera.position.copy(eye)
      mirrorCamera.up.copy(up)
      mirrorCamera.lookAt(look)
      mirrorCamera.updateMatrixWorld()
      mirrorCamera.projectionMatrix.copy(camera.projectionMatrix)
      // backdrops only need rays: the plain projection's inverse (the oblique one below changes depth only)
      mirrorCamera.projectionMatrixInverse.copy(camera.projectionMatrixInverse)
      textureMatrix.copy(BIAS).multiply(mirrorCamera.projectionMatrix).multiply(mirrorCamera.matrixWorldInverse)

      // an oblique near plane on the water (Lengyel): what lies under the water never shows in its reflection
      plane.set(WATER_UP, -level).applyMatrix4(mirrorCamera.matrixWorldInverse)
      clip.set(plane.normal.x, plane.normal.y, plane.normal.z, plane.constant)
      const e = mirrorCamera.projectionMatrix.elements
      q.set((Math.sign(clip.x) + e[8]!) / e[0]!, (Math.sign(clip.y) + e[9]!) / e[5]!, -1, (1 + e[10]!) / e[14]!)
      clip.multiplyScalar(2 / clip.dot(q))
      e[2] = clip.x
      e[6] = clip.y
      e[10] = clip.z + 1
      e[14] = clip.w

      work.drawn(camera, host.uTime.value, size.x, size.y, level)
      savedWorld.copy(host.uCameraWorld.value)
      savedInverse.copy(host.uInverseProjection.value)
      savedResolution.copy(host.uResolution.value)
      // pixel-sized features (stars, sparks) keep their size in pixels of the small target
      host.uResolution.value.set(size.x, size.y)
      host.uCameraWorld.value.copy(mirrorCamera.matrixWorld)
      host.uInverseProjection.value.copy(mirrorCamera.projectionMatrixInverse)
      const previousTarget = gl.getRenderTarget()
      const wasVisible = hide.visible
      const clearAlpha = gl.getClearAlpha()
      gl.getClearColor(clearColor)
      hide.visible = false
      // point sprites (fireflies, rain) come out as blocky blots at this size and under ripples: left out
      hidden.length = 0
      scene.traverseVisible((object) => {
        if ((object as Points).isPoints || (object as LineSegments).isLineSegments) hidden.push(object)
      })
      for (const object of hidden) object.visible = false
      let undoPasses = () => {}
      try {
        undoPasses = runCameraPasses(host.uCameraWorld, gl, mirrorCamera, REFLECTION_SCALE)
        gl.setRenderTarget(target)
        // transparent where nothing reflects: the water falls back on its own sky there
        gl.setClearColor(0x000000, 0)
        gl.clear()
        gl.render(scene, mirrorCamera)
      } finally {
        undoPasses()
        hide.visible = wasVisible
        for (const object of hidden) object.visible = true
        gl.setClearColor(clearColor, clearAlpha)
        gl.setRenderTarget(previousTarget)
        host.uCameraWorld.value.copy(savedWorld)
        host.uInverseProjection.value.copy(savedInverse)
        host.uResolution.value.copy(savedResolution)
      }
    },
    dispose() {
      target.dispose()
    },
  }
}
