import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { Matrix4, PlaneGeometry, Uniform, type Mesh, type Texture } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import { createPlanarReflection, reflectionSwitch, type HostCameraUniforms } from '../../scene/reflection'
import { createReflectionStreaks } from './streak'

/** Large enough to reach the far plane in every direction the dream camera looks. */
export const WATER_SIZE = 800

/**
 * The lake: a flat sheet (the waves are normals in the fragment shader) and a planar reflection of everything
 * above it, drawn each frame after the uniforms are written and before the scene (see scene/reflection.ts).
 */
export function WaterObject({ material, renderOrder }: ObjectLayerProps) {
  // two triangles: the waves are normals, so the sheet needs no vertices of its own
  const geometry = useMemo(() => new PlaneGeometry(WATER_SIZE, WATER_SIZE).rotateX(-Math.PI / 2), [])
  useEffect(() => () => geometry.dispose(), [geometry])
  const reflection = useMemo(createPlanarReflection, [])
  useEffect(() => () => reflection.dispose(), [reflection])
  const streaks = useMemo(() => createReflectionStreaks(reflection, material.uniforms), [reflection, material])
  useEffect(() => () => streaks.dispose(), [streaks])
  // the reflection's uniforms, added before the material's first compile (three reads the list once per program)
  useMemo(() => {
    material.uniforms.uMirror = new Uniform<Texture>(streaks.target.texture)
    material.uniforms.uMirrorRaw = new Uniform<Texture>(reflection.target.texture)
    material.uniforms.uMirrorMatrix = new Uniform<Matrix4>(reflection.textureMatrix)
    material.uniforms.uMirrorReady = new Uniform(0)
  }, [material, reflection, streaks])
  const mesh = useRef<Mesh>(null)
  const scene = useThree((state) => state.scene)
  useFrame(({ gl, camera }) => {
    const sheet = mesh.current
    const level = material.uniforms.level?.value as number | undefined
    if (!sheet || level === undefined) return
    const ready = material.uniforms.uMirrorReady as Uniform<number>
    ready.value = reflectionSwitch.enabled ? 1 : 0
    if (!reflectionSwitch.enabled) return
    const host = material.uniforms as unknown as HostCameraUniforms
    // two live frames in three reuse the last reflection (see reusable)
    if (reflection.reusable(gl, camera, level, host.uTime.value)) return
    reflection.render(gl, scene, camera, level, sheet, host)
    streaks.render(gl)
  }, -0.5)
  return <mesh ref={mesh} geometry={geometry} material={material} renderOrder={renderOrder} frustumCulled={false} />
}
