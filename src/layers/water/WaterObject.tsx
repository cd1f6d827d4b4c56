import { useEffect, useMemo } from 'react'
import { PlaneGeometry } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'

/** Large enough to reach the far plane in every direction the dream camera looks. */
export const WATER_SIZE = 800

export function WaterObject({ material, renderOrder }: ObjectLayerProps) {
  // two triangles: the waves are normals, so the sheet needs no vertices of its own
  const geometry = useMemo(() => new PlaneGeometry(WATER_SIZE, WATER_SIZE).rotateX(-Math.PI / 2), [])
  useEffect(() => () => geometry.dispose(), [geometry])
  return <mesh geometry={geometry} material={material} renderOrder={renderOrder} frustumCulled={false} />
}
