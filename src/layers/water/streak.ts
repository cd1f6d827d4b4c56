import { LinearFilter, Uniform, WebGLRenderTarget, type IUniform, type WebGLRenderer } from 'three'
import fragment from '../../../shaders/layers/water-streak.frag'
import { FullscreenPass } from '../../scene/fullscreenPass'
import type { PlanarReflection } from '../../scene/reflection'
import { targetType } from '../../scene/targetPrecision'

/**
 * The reflection drawn long (water-streak.frag), at its own size, after each time it is drawn: the lake then reads
 * it in one tap a pixel. `water` is the water material's uniforms (its settings and the host's time and seed).
 */
export function createReflectionStreaks(reflection: PlanarReflection, water: Record<string, IUniform>) {
  const target = new WebGLRenderTarget(1, 1, { type: targetType(), minFilter: LinearFilter, magFilter: LinearFilter, depthBuffer: false })
  const pass = new FullscreenPass(fragment, {
    tReflection: new Uniform(reflection.target.texture),
    uMirrorWorld: new Uniform(reflection.mirrorWorld),
    uMirrorInverseProjection: new Uniform(reflection.mirrorInverseProjection),
    level: water.level!,
    waveHeight: water.waveHeight!,
    calm: water.calm!,
    speed: water.speed!,
    uSeed: water.uSeed!,
    uTime: water.uTime!,
  })
  return {
    target,
    render(gl: WebGLRenderer): void {
      const { width, height } = reflection.target
      if (target.width !== width || target.height !== height) target.setSize(width, height)
      pass.render(gl, target)
    },
    dispose(): void {
      target.dispose()
      pass.dispose()
    },
  }
}
