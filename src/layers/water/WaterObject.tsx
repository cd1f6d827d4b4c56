import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { Matrix4, PlaneGeometry, ShaderMaterial, Uniform, type Mesh, type Texture } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import { drawsOpaque } from '../../scene/blending'
import { copyDrawState, materialVariant } from '../../scene/materialVariant'
import { createPlanarReflection, reflectionSwitch, type HostCameraUniforms } from '../../scene/reflection'
import { createReflectionStreaks } from './streak'

/** Large enough to reach the far plane in every direction the dream camera looks. */
export const WATER_SIZE = 800

/**
 * The sheet's depth alone, drawn before every layer while the lake is opaque (full opacity, normal blend): the
 * ground, islands and sky that lie under the water then fail the depth test, instead of being drawn and painted
 * over by the lake (a GPU skips shading them; on a software renderer bedtime-to-dawn's terrain pass still went
 * 13.2-13.5 -> 11.4-11.7 ms at 640x360). Two triangles of depth cost about 0.2 ms. Pushed back a little (polygon
 * offset), so the lake's own fragments, from another program, always pass their less-or-equal test against it.
 */
function createDepthSheet(level: { value: unknown }): ShaderMaterial {
  return new ShaderMaterial({
    name: 'dream:water-depth',
    uniforms: { level },
    vertexShader: `uniform float level;
void main() {
  gl_Position = projectionMatrix * viewMatrix * modelMatrix * vec4(position.x, level, position.z, 1.0);
}`,
    fragmentShader: 'void main() { gl_FragColor = vec4(0.0); }',
    colorWrite: false,
    polygonOffset: true,
    polygonOffsetFactor: 1,
    polygonOffsetUnits: 4,
  })
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
  // the water's program without its own night sky, for frames whose reflection covers every direction
  const covered = useMemo(() => materialVariant(material, { WATER_SKY_COVERED: '' }), [material])
  useEffect(() => () => covered.dispose(), [covered])
  const materials = useMemo(() => [material, covered], [material, covered])
  const mesh = useRef<Mesh>(null)
  const depthSheet = useMemo(() => createDepthSheet(material.uniforms.level!), [material])
  useEffect(() => () => depthSheet.dispose(), [depthSheet])
  const depthMesh = useRef<Mesh>(null)
  const scene = useThree((state) => state.scene)
  useFrame(({ gl, camera }) => {
    const sheet = mesh.current
    const level = material.uniforms.level?.value as number | undefined
    if (!sheet || level === undefined) return
    if (depthMesh.current) depthMesh.current.visible = drawsOpaque(material)
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
  // the depth sheet is the lake's child: hidden with it while the reflection draws; opaque, so drawn before the layers
  return (
    <mesh ref={mesh} geometry={geometry} material={materials} renderOrder={renderOrder} frustumCulled={false}>
      <mesh ref={depthMesh} geometry={geometry} material={depthSheet} frustumCulled={false} />
    </mesh>
  )
}
