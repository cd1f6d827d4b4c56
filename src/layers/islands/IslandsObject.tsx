import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { IcosahedronGeometry, InstancedBufferAttribute, Matrix4, Quaternion, Vector3, type InstancedMesh } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import { seededRandom } from '../../core/random'

export interface IslandPlacement {
  position: [number, number, number]
  scale: number
  seedling: [number, number, number, number]
}

/**
 * Seeded placements: islands hang in the sky ahead of the camera, further ones larger so the eye reads
 * depth; none sits in the middle of the view's lower half (where the valley leads the eye).
 */
export function placeIslands(seed: number, count: number, spread: number, altitude: number, size: number): IslandPlacement[] {
  const random = seededRandom(seed, 'islands')
  const placements: IslandPlacement[] = []
  for (let i = 0; i < count; i++) {
    const depth = 12 + random() * spread * 2.2
    const side = (random() * 2 - 1) * (1 + depth * 0.6)
    // some float below eye level so their mossy tops show, others overhead
    const scale = size * (0.5 + random() ** 2 * 1.4) * (0.7 + depth * 0.03)
    // ...but floating: the centre stays over a radius above the ground, so the rock never stands in a lake
    const height = Math.max(altitude + (random() - 0.35) * (4 + depth * 0.35), 1 + scale * 1.2)
    placements.push({ position: [side, height, -depth], scale, seedling: [random(), random(), random(), random()] })
  }
  return placements
}

export function IslandsObject({ material, seed, values, renderOrder }: ObjectLayerProps) {
  const count = values.count as number
  const spread = values.spread as number
  const altitude = values.altitude as number
  const size = values.size as number
  const detail = values.detail as number
  const mesh = useRef<InstancedMesh>(null)
  const placements = useMemo(() => placeIslands(seed, count, spread, altitude, size), [seed, count, spread, altitude, size])
  const geometry = useMemo(() => {
    const shape = new IcosahedronGeometry(1, detail)
    const seedlings = new Float32Array(count * 4)
    placements.forEach((placement, i) => seedlings.set(placement.seedling, i * 4))
    shape.setAttribute('seedling', new InstancedBufferAttribute(seedlings, 4))
    return shape
  }, [detail, count, placements])
  useEffect(() => () => geometry.dispose(), [geometry])

  useLayoutEffect(() => {
    const instances = mesh.current
    if (!instances) return
    const matrix = new Matrix4()
    const rotation = new Quaternion()
    placements.forEach((placement, i) => {
      const s = placement.scale
      instances.setMatrixAt(i, matrix.compose(new Vector3(...placement.position), rotation, new Vector3(s, s, s)))
    })
    instances.instanceMatrix.needsUpdate = true
  }, [placements])

  // the vertex shader bobs and reshapes the islands far beyond the sphere's bounds: never cull them
  return (
    <instancedMesh
      key={count}
      ref={mesh}
      args={[geometry, material, count]}
      renderOrder={renderOrder}
      frustumCulled={false}
    />
  )
}
