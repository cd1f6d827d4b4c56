import { useEffect, useLayoutEffect, useMemo } from 'react'
import { BufferAttribute, BufferGeometry, Sphere, Vector3 } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import type { ParamValues } from '../../core/params'
import type { rainParams } from '.'
import { seededRandom } from '../../core/random'

/** Two vertices per drop (head and tail of its streak), sharing one seeded attribute. */
export function buildRain(seed: number, count: number): BufferGeometry {
  const random = seededRandom(seed, 'rain')
  const seedlings = new Float32Array(count * 8)
  const tails = new Float32Array(count * 2)
  for (let i = 0; i < count; i++) {
    const drop = [random(), random(), random(), random()]
    seedlings.set(drop, i * 8)
    seedlings.set(drop, i * 8 + 4)
    tails[i * 2 + 1] = 1
  }
  const geometry = new BufferGeometry()
  // position is unused by the shader but three needs it to know the vertex count
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(count * 6), 3))
  geometry.setAttribute('seedling', new BufferAttribute(seedlings, 4))
  geometry.setAttribute('tail', new BufferAttribute(tails, 1))
  geometry.boundingSphere = new Sphere(new Vector3(), Number.POSITIVE_INFINITY)
  return geometry
}

export function RainObject({ material, seed, values, renderOrder }: ObjectLayerProps<ParamValues<typeof rainParams>>) {
  const count = values.count
  const geometry = useMemo(() => buildRain(seed, count), [seed, count])
  useEffect(() => () => geometry.dispose(), [geometry])
  useLayoutEffect(() => {
    material.depthWrite = false
  }, [material])
  return <lineSegments geometry={geometry} material={material} renderOrder={renderOrder} frustumCulled={false} />
}
