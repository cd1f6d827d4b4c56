import { useEffect, useLayoutEffect, useMemo } from 'react'
import { BufferAttribute, BufferGeometry, Sphere, Vector3 } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import type { ParamValues } from '../../core/params'
import type { firefliesParams } from '.'
import { seededRandom } from '../../core/random'

/** Fireflies as points: one seeded attribute each; all motion happens in the vertex shader. */
export function buildFireflies(seed: number, count: number): BufferGeometry {
  const random = seededRandom(seed, 'fireflies')
  const seedlings = new Float32Array(count * 4)
  for (let i = 0; i < seedlings.length; i++) seedlings[i] = random()
  const geometry = new BufferGeometry()
  // position is unused by the shader but three needs it to know the vertex count
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(count * 3), 3))
  geometry.setAttribute('seedling', new BufferAttribute(seedlings, 4))
  // the flow field moves points far from their attribute positions: never cull them
  geometry.boundingSphere = new Sphere(new Vector3(), Number.POSITIVE_INFINITY)
  return geometry
}

export function FirefliesObject({ material, seed, values, renderOrder }: ObjectLayerProps<ParamValues<typeof firefliesParams>>) {
  const count = values.count
  const geometry = useMemo(() => buildFireflies(seed, count), [seed, count])
  useEffect(() => () => geometry.dispose(), [geometry])
  useLayoutEffect(() => {
    material.depthWrite = false
  }, [material])
  return <points geometry={geometry} material={material} renderOrder={renderOrder} frustumCulled={false} />
}
