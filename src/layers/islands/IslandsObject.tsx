import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { BufferAttribute, BufferGeometry, InstancedBufferAttribute, Matrix4, Quaternion, SphereGeometry, Vector2, Vector3, type InstancedMesh, type WebGLRenderer } from 'three'
import type { ObjectLayerProps } from '../../core/defineLayer'
import type { ParamValues } from '../../core/params'
import type { islandsParams } from '.'
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
    // ...but floating: the centre stays high enough that a typical rock (depth ratio up to ~1.7) clears the water
    const height = Math.max(altitude + (random() - 0.35) * (4 + depth * 0.35), 1.2 + scale * 2.2)
    placements.push({ position: [side, height, -depth], scale, seedling: [random(), random(), random(), random()] })
  }
  // far ones first: each island's glowing strands (drawn additively) then lie over the islands behind them
  return placements.sort((a, b) => a.position[2] - b.position[2])
}

/** Strands (roots and light-falls) hanging under each island, and the segments along each. */
export const STRANDS_PER_ISLAND = 9
const STRAND_SEGMENTS = 10

/**
 * One island's geometry: a smooth UV sphere (the vertex shader reshapes it; its rings give the plateau and the
 * cone even detail) followed by the strands, each a ribbon the vertex shader hangs and turns to the camera.
 * The `strand` attribute tells them apart: (angle, along, side, kind), kind 0 for the rock.
 */
export function buildIslandGeometry(detail: number, seed: number): BufferGeometry {
  const sphere = new SphereGeometry(1, 12 * detail, 9 * detail)
  const rockPositions = sphere.getAttribute('position') as BufferAttribute
  const rockCount = rockPositions.count
  const strandVertices = STRANDS_PER_ISLAND * (STRAND_SEGMENTS + 1) * 2
  const positions = new Float32Array((rockCount + strandVertices) * 3)
  positions.set(rockPositions.array as Float32Array)
  const strand = new Float32Array((rockCount + strandVertices) * 4)
  const indices: number[] = Array.from(sphere.getIndex()!.array)
  const random = seededRandom(seed, 'island-strands')
  let vertex = rockCount
  for (let i = 0; i < STRANDS_PER_ISLAND; i++) {
    const angle = ((i + random() * 0.8) / STRANDS_PER_ISLAND) * Math.PI * 2
    const kind = 1 + random() * 0.999
    const first = vertex
    for (let step = 0; step <= STRAND_SEGMENTS; step++) {
      for (const side of [-1, 1]) {
        strand.set([angle, step / STRAND_SEGMENTS, side, kind], vertex * 4)
        vertex++
      }
      if (step > 0) {
        const a = first + (step - 1) * 2
        indices.push(a, a + 1, a + 2, a + 1, a + 3, a + 2)
      }
    }
  }
  sphere.dispose()
  const geometry = new BufferGeometry()
  geometry.setAttribute('position', new BufferAttribute(positions, 3))
  geometry.setAttribute('strand', new BufferAttribute(strand, 4))
  geometry.setIndex(indices)
  return geometry
}

/**
 * The detail a small target draws: in the quarter-size reflection an island is 10-30 texels tall, and 12 x 9
 * segments still put a vertex every two texels or so. (The rippled reflection then differs from the fine one by
 * SSIM 0.972-0.98 over the whole picture, a change I could not see side by side; detail 2 measured 0.981.)
 */
const COARSE_LEVEL = 1

/**
 * The islands at their detail followed by the same islands at the coarsest detail, in one geometry: a draw
 * range picks one per render. Triangles, not pixels, set what the islands cost on a software renderer (22 islands
 * at detail 3 cost about 4 fbm5 frames at 640 x 360, and as much again in a quarter-size water reflection).
 */
export function buildIslandLevels(detail: number, seed: number): { geometry: BufferGeometry; fine: [number, number]; coarse: [number, number] } {
  const fine = buildIslandGeometry(detail, seed)
  if (detail <= COARSE_LEVEL) {
    const count = fine.getIndex()!.count
    return { geometry: fine, fine: [0, count], coarse: [0, count] }
  }
  const coarse = buildIslandGeometry(COARSE_LEVEL, seed)
  const geometry = new BufferGeometry()
  const fineVertices = fine.getAttribute('position').count
  for (const name of ['position', 'strand']) {
    const a = fine.getAttribute(name) as BufferAttribute
    const b = coarse.getAttribute(name) as BufferAttribute
    const merged = new Float32Array(a.array.length + b.array.length)
    merged.set(a.array as Float32Array)
    merged.set(b.array as Float32Array, a.array.length)
    geometry.setAttribute(name, new BufferAttribute(merged, a.itemSize))
  }
  const fineIndex = fine.getIndex()!.array
  const coarseIndex = coarse.getIndex()!.array
  const index = new Uint32Array(fineIndex.length + coarseIndex.length)
  index.set(fineIndex)
  for (let i = 0; i < coarseIndex.length; i++) index[fineIndex.length + i] = coarseIndex[i]! + fineVertices
  geometry.setIndex(new BufferAttribute(index, 1))
  fine.dispose()
  coarse.dispose()
  return { geometry, fine: [0, fineIndex.length], coarse: [fineIndex.length, coarseIndex.length] }
}

/** Targets at most this share of the picture's height (the water's reflection: 1/4) draw the coarsest islands. */
const COARSE_TARGET_SHARE = 0.5

export function IslandsObject({ material, seed, values, renderOrder }: ObjectLayerProps<ParamValues<typeof islandsParams>>) {
  const count = values.count
  const spread = values.spread
  const altitude = values.altitude
  const size = values.size
  const detail = values.detail
  const mesh = useRef<InstancedMesh>(null)
  const placements = useMemo(() => placeIslands(seed, count, spread, altitude, size), [seed, count, spread, altitude, size])
  const levels = useMemo(() => {
    const built = buildIslandLevels(detail, seed)
    const seedlings = new Float32Array(count * 4)
    placements.forEach((placement, i) => seedlings.set(placement.seedling, i * 4))
    built.geometry.setAttribute('seedling', new InstancedBufferAttribute(seedlings, 4))
    return built
  }, [detail, count, placements, seed])
  const geometry = levels.geometry
  useEffect(() => () => geometry.dispose(), [geometry])
  // a small target (the water's reflection) gets the coarsest islands: their detail would be sub-pixel there
  const drawingSize = useMemo(() => new Vector2(), [])
  const onBeforeRender = useMemo(
    () => (renderer: WebGLRenderer) => {
      const target = renderer.getRenderTarget()
      const small = target !== null && target.height <= renderer.getDrawingBufferSize(drawingSize).y * COARSE_TARGET_SHARE
      const [start, length] = small ? levels.coarse : levels.fine
      geometry.setDrawRange(start, length)
    },
    [levels, geometry, drawingSize],
  )

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
      onBeforeRender={onBeforeRender}
    />
  )
}
