/**
 * First frame sooner: compile every program the first frame needs at once, in parallel where the browser
 * allows it (KHR_parallel_shader_compile, through three's `compileAsync`), instead of one after another inside
 * the first frame (three checks each program's status as it first uses it, which serialises the compiles and
 * blocks the page meanwhile).
 *
 * Programs are keyed on the target they draw into (colour space, tone mapping), so each group is compiled
 * with the target the frame will use: the scene into the composer's input buffer, each effect pass into a
 * render target, the last pass into the canvas.
 */
import type { Camera, Object3D, WebGLRenderer, WebGLRenderTarget } from 'three'
import type { EffectComposer, Pass } from 'postprocessing'

export interface WarmupTarget {
  gl: WebGLRenderer
  composer: EffectComposer
  camera: Camera
}

/** Resolves once every program of the scene and of the effect chain can be used without a stall. */
export async function compileFirstFrame({ gl, composer, camera }: WarmupTarget, scene: Object3D): Promise<void> {
  const previous = gl.getRenderTarget()
  const jobs: Promise<unknown>[] = []
  // Without the extension, compileAsync is compile() plus a poll (and a console warning): issuing every compile
  // before the first status check still lets the driver overlap them.
  const parallel = gl.extensions.has('KHR_parallel_shader_compile')
  const compile = (object: Object3D, camera: Camera) => (parallel ? gl.compileAsync(object, camera) : (gl.compile(object, camera), Promise.resolve()))
  try {
    gl.setRenderTarget(composer.inputBuffer as WebGLRenderTarget)
    jobs.push(compile(scene, camera))
    for (const pass of composer.passes as (Pass & { scene?: Object3D; camera?: Camera })[]) {
      if (!pass.enabled || !pass.fullscreenMaterial || !pass.scene || !pass.camera) continue
      gl.setRenderTarget(pass.renderToScreen ? null : (composer.outputBuffer as WebGLRenderTarget))
      jobs.push(compile(pass.scene, pass.camera))
    }
  } finally {
    gl.setRenderTarget(previous)
  }
  await Promise.all(jobs)
}
