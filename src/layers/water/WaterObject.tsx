import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { Matrix4, PlaneGeometry, ShaderMaterial, Uniform, type Mesh, type Texture } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import { createPlanarReflection, reflectionSwitch, type HostCameraUniforms } from '../../scene/reflection'
import { createReflectionStreaks } from './streak'

/** Large enough to reach the far plane in every direction the dream camera looks. */
export const WATER_SIZE = 800

/**
 * The water's material without its own night sky (WATER_SKY_COVERED), for frames whose reflection covers every
 * direction: the same uniforms (the very objects), shaders and draw state.
 */
function withSkyCovered(material: ShaderMaterial): ShaderMaterial {
  // not material.clone(): that copies the uniforms' values, and cannot copy the reflection's render targets
  const covered = new ShaderMaterial({
    name: material.name,
    glslVersion: material.glslVersion,
    uniforms: material.uniforms,
    vertexShader: material.vertexShader,
    fragmentShader: material.fragmentShader,
    defines: { ...material.defines, WATER_SKY_COVERED: '' },
  })
  copyDrawState(material, covered)
  return covered
}

/** The draw state the host changes on the water's material after it is built (blend mode, a fade's depth writes). */
function copyDrawState(from: ShaderMaterial, to: ShaderMaterial): void {
  to.blending = from.blending
  to.blendSrc = from.blendSrc
  to.blendDst = from.blendDst
  to.blendSrcAlpha = from.blendSrcAlpha
  to.blendDstAlpha = from.blendDstAlpha
  to.depthWrite = from.depthWrite
  to.depthTest = from.depthTest
  to.transparent = from.transparent
}

/**
 * The lake: a flat sheet (the waves are normals in the fragment shader) and a planar reflection of everything
 * above it, drawn each frame after the uniforms are written and before the scene (see scene/reflection.ts).
 */
export function WaterObject({ material, renderOrder, scene: facts }: ObjectLayerProps) {
  // two triangles: the waves are normals, so the sheet needs no vertices of its own. Twice, one group per program
  // (the full one, and one without the water's own sky: see below); a frame draws one and leaves the other empty
  const geometry = useMemo(() => {
    const sheet = new PlaneGeometry(WATER_SIZE, WATER_SIZE).rotateX(-Math.PI / 2)
    const count = sheet.getIndex()!.count
    sheet.addGroup(0, count, 0)
    sheet.addGroup(0, 0, 1)
    return sheet
  }, [])
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
  // With an opaque sky at full opacity the reflection covers every direction, and the water's own sky (the fallback
  // where it shows nothing) would be multiplied by zero in every pixel: a second program leaves it out. Both are
  // materials of the one mesh, so three compiles both before the first frame draws (an empty group is compiled,
  // not drawn), and a sky faded below full opacity switches program without compiling anything
  const covered = useMemo(() => withSkyCovered(material), [material])
  useEffect(() => () => covered.dispose(), [covered])
  const materials = useMemo(() => [material, covered], [material, covered])
  const mesh = useRef<Mesh>(null)
  const scene = useThree((state) => state.scene)
  useFrame(({ gl, camera }) => {
    const sheet = mesh.current
    const level = material.uniforms.level?.value as number | undefined
    if (!sheet || level === undefined) return
    const ready = material.uniforms.uMirrorReady as Uniform<number>
    ready.value = reflectionSwitch.enabled ? 1 : 0
    copyDrawState(material, covered)
    const skyCovered = facts.skyOpaque && reflectionSwitch.enabled
    const sheetIndices = geometry.getIndex()!.count
    geometry.groups[0]!.count = skyCovered ? 0 : sheetIndices
    geometry.groups[1]!.count = skyCovered ? sheetIndices : 0
    if (!reflectionSwitch.enabled) return
    const host = material.uniforms as unknown as HostCameraUniforms
    // two live frames in three reuse the last reflection (see reusable)
    if (reflection.reusable(gl, camera, level, host.uTime.value)) return
    reflection.render(gl, scene, camera, level, sheet, host)
    streaks.render(gl)
  }, -0.5)
  return <mesh ref={mesh} geometry={geometry} material={materials} renderOrder={renderOrder} frustumCulled={false} />
}
