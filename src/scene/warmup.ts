/**
 * First frame sooner: compile every program the first frame needs at once, in parallel where the browser
 * allows it (KHR_parallel_shader_compile, through three's `compileAsync`), instead of one after another inside
 * the first frame (three checks each program's status as it first uses it, which serialises the compiles and
 * blocks the page meanwhile).
 *
 * Programs are keyed on the target they draw into (colour space, tone mapping), so each group is compiled
 * with the target the frame will use: the scene into the composer's input buffer, each effect pass into a
 * render target, the last pass into the canvas. Programs drawn outside the scene graph (the soft backdrop passes,
 * and the resolve that live frames add, amortisedSoftPass.ts) are registered with their targets (registerWarmup),
 * so neither the first frame nor the first live frame after it compiles anything.
 */
import type { Camera, Object3D, WebGLRenderer, WebGLRenderTarget } from 'three'
import type { EffectComposer, Pass } from 'postprocessing'

/** A program drawn outside the scene graph (gl.render(object, camera) into `target`). */
export interface WarmupEntry {
  object: Object3D
  target: WebGLRenderTarget | null
}

const registered = new WeakMap<object, Set<() => readonly WarmupEntry[]>>()

/** Adds what `entries` lists (read when the warm-up runs) to `renderer`'s warm-up; returns the unregister. */
export function registerWarmup(renderer: object, entries: () => readonly WarmupEntry[]): () => void {
  let set = registered.get(renderer)
  if (!set) registered.set(renderer, (set = new Set()))
  set.add(entries)
  return () => void set.delete(entries)
}

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
    for (const entries of registered.get(gl) ?? [])
      for (const { object, target } of entries()) {
        gl.setRenderTarget(target)
        jobs.push(compile(object, camera))
      }
  } finally {
    gl.setRenderTarget(previous)
  }
  await Promise.all(jobs)
}
