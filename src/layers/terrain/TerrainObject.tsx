import { useEffect, useMemo } from 'react'
import { BufferAttribute, PlaneGeometry } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import type { ParamValues } from '../../core/params'
import type { terrainParams } from '.'
import { seededNoise2D } from '../../core/random'

export const TERRAIN_SIZE = 160
export const TERRAIN_SEGMENTS = 200

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
  const geometry = useMemo(() => buildTerrain(seed, scale, detail, valley), [seed, scale, detail, valley])
  useEffect(() => () => geometry.dispose(), [geometry])
  return <mesh geometry={geometry} material={material} renderOrder={renderOrder} position={[0, -0.2, -50]} />
}
