import { useFrame } from '@react-three/fiber'
import { useEffect, useMemo } from 'react'
import { BufferAttribute, BufferGeometry, PlaneGeometry, Sphere, Vector2, Vector3, type WebGLRenderer } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import type { ParamValues } from '../../core/params'
import type { terrainParams } from '.'
import { seededNoise2D } from '../../core/random'
import { drawingSmallTarget } from '../../scene/reflection'
import { buildTiles, coarseTerrainIndex, createTerrainIndex } from './terrainTiles'

export const TERRAIN_SIZE = 160
export const TERRAIN_SEGMENTS = 200
/** Where the heightfield's grid sits (its base: unit height 0). */
export const TERRAIN_ORIGIN = [0, -0.2, -50] as const
/** The ground the hills stand on: no part of the heightfield lies below it (see the terrain's `floor`). */
export const TERRAIN_FLOOR = {
  y: TERRAIN_ORIGIN[1],
  minX: TERRAIN_ORIGIN[0] - TERRAIN_SIZE / 2,
  maxX: TERRAIN_ORIGIN[0] + TERRAIN_SIZE / 2,
  minZ: TERRAIN_ORIGIN[2] - TERRAIN_SIZE / 2,
  maxZ: TERRAIN_ORIGIN[2] + TERRAIN_SIZE / 2,
} as const

/**
 * Builds the heightfield on the CPU with seeded simplex noise: unit heights in [0, 1] plus their slope, so the
 * `height` slider scales it on the GPU without a rebuild. A valley runs along the view so the eye travels in.
 */
export function buildTerrain(seed: number, scale: number, detail: number, valley: number): PlaneGeometry {
  const geometry = new PlaneGeometry(TERRAIN_SIZE, TERRAIN_SIZE, TERRAIN_SEGMENTS, TERRAIN_SEGMENTS)
  geometry.rotateX(-Math.PI / 2)
  const noise = seededNoise2D(seed, 'terrain')
  const position = geometry.getAttribute('position') as BufferAttribute
  const count = position.count
  const heights = new Float32Array(count)
  const frequency = 1 / (scale * 12)
  for (let i = 0; i < count; i++) {
    const x = position.getX(i)
    const z = position.getZ(i)
    let sum = 0
    let amplitude = 0.5
    let norm = 0
    let f = frequency
    for (let octave = 0; octave < detail; octave++) {
      // ridged for the first octave (mountain spines), smooth after
      const n = noise(x * f + octave * 13.7, z * f - octave * 7.1)
      sum += amplitude * (octave === 0 ? 1 - Math.abs(n) * 1.6 : n)
      norm += amplitude
      amplitude *= 0.5
      f *= 2.03
    }
    const h = sum / norm
    const valleyMask = valley > 0 ? Math.min(1, (Math.abs(x) / (valley * 18)) ** 2) : 1
    heights[i] = Math.max(0, h * 0.5 + 0.5) * (0.15 + 0.85 * valleyMask)
  }
  const slope = new Float32Array(count * 2)
  const stride = TERRAIN_SEGMENTS + 1
  const cell = TERRAIN_SIZE / TERRAIN_SEGMENTS
  for (let row = 0; row < stride; row++) {
    for (let col = 0; col < stride; col++) {
      const i = row * stride + col
      const left = heights[row * stride + Math.max(0, col - 1)] ?? 0
      const right = heights[row * stride + Math.min(stride - 1, col + 1)] ?? 0
      const up = heights[Math.max(0, row - 1) * stride + col] ?? 0
      const down = heights[Math.min(stride - 1, row + 1) * stride + col] ?? 0
      slope[i * 2] = (right - left) / (2 * cell)
      slope[i * 2 + 1] = (down - up) / (2 * cell)
      position.setY(i, heights[i] ?? 0)
    }
  }
  geometry.setAttribute('slope', new BufferAttribute(slope, 2))
  geometry.deleteAttribute('normal')
  geometry.computeBoundingSphere()
  return geometry
}

export function TerrainObject({ material, seed, values, renderOrder }: ObjectLayerProps<ParamValues<typeof terrainParams>>) {
  const scale = values.scale
  const detail = values.detail
  const valley = values.valley
  // one geometry of every tile's vertices, drawn with two indices: the view's tiles at their levels (rewritten
  // when the choice changes), and every tile at its coarsest for small targets
  const terrain = useMemo(() => {
    const grid = buildTerrain(seed, scale, detail, valley)
    const { geometry, tiles, perRow } = buildTiles(grid, TERRAIN_SEGMENTS)
    grid.dispose()
    const view = createTerrainIndex(tiles, perRow)
    geometry.setIndex(view.index)
    const coarse = new BufferGeometry()
    coarse.setAttribute('position', geometry.getAttribute('position'))
    coarse.setAttribute('slope', geometry.getAttribute('slope'))
    coarse.setIndex(coarseTerrainIndex(tiles))
    // the vertex shader scales the heights: bounds for three's sorting only (the tiles are culled here)
    for (const g of [geometry, coarse]) g.boundingSphere = new Sphere(new Vector3(0, 0, 0), TERRAIN_SIZE)
    return { geometry, coarse, tiles, view, count: 0 }
  }, [seed, scale, detail, valley])
  useEffect(
    () => () => {
      terrain.geometry.dispose()
      terrain.coarse.dispose()
    },
    [terrain],
  )
  const offset = useMemo(() => new Vector3(...TERRAIN_ORIGIN), [])
  const drawingSize = useMemo(() => new Vector2(), [])
  // after the host writes this frame's height (-1), before anything draws the terrain (the water's reflection: -0.5)
  useFrame(({ gl, camera }) => {
    const height = material.uniforms.height?.value as number
    terrain.count = terrain.view.update(camera, gl.getDrawingBufferSize(drawingSize).y, offset, height)
  }, -0.6)
  // each target draws one of the two: the view's tiles, or (small targets) every tile at its coarsest
  const onBeforeRender = useMemo(
    () =>
      (['view', 'coarse'] as const).map((which) => (renderer: WebGLRenderer) => {
        const small = drawingSmallTarget(renderer)
        const geometry = which === 'view' ? terrain.geometry : terrain.coarse
        const count = which === 'view' ? terrain.count : terrain.coarse.getIndex()!.count
        geometry.setDrawRange(0, small === (which === 'coarse') ? count : 0)
      }),
    [terrain],
  )
  return (
    <group position={[...TERRAIN_ORIGIN]}>
      <mesh geometry={terrain.geometry} material={material} renderOrder={renderOrder} frustumCulled={false} onBeforeRender={onBeforeRender[0]} />
      <mesh geometry={terrain.coarse} material={material} renderOrder={renderOrder} frustumCulled={false} onBeforeRender={onBeforeRender[1]} />
    </group>
  )
}
