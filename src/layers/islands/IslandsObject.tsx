import { useFrame } from '@react-three/fiber'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import {
  BufferAttribute,
  BufferGeometry,
  DataTexture,
  FloatType,
  InstancedBufferAttribute,
  Matrix4,
  NearestFilter,
  Quaternion,
  RGBAFormat,
  SphereGeometry,
  Uniform,
  Vector2,
  Vector3,
  WebGLRenderTarget,
  type InstancedMesh,
  type Texture,
  type WebGLRenderer,
} from 'three'
import bakeFragment from '../../../shaders/layers/islands-bake.frag'
import { FullscreenPass } from '../../scene/fullscreenPass'
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

/** Vertices per row of the bake (islands-bake.frag): a row of an island's vertices. */
const BAKE_WIDTH = 1024

/**
 * The islands' shapes, baked on the GPU into one float texture (islands-bake.frag) that the vertex shader reads by
 * vertex and instance: the shape noise runs once per vertex when the settings change, not three times per vertex
 * every frame (and again in the water's reflection). `uniforms` is the layer material's: its roughness, rock depth
 * and the document seed are read from it, and its bake uniforms are set here.
 */
function createIslandBake(geometry: BufferGeometry, placements: readonly IslandPlacement[], uniforms: Record<string, Uniform>) {
  const position = geometry.getAttribute('position') as BufferAttribute
  const strand = geometry.getAttribute('strand') as BufferAttribute
  const vertices = position.count
  const width = Math.min(BAKE_WIDTH, vertices)
  const rows = Math.ceil(vertices / width)
  // per vertex: the rock's point of the unit sphere (w 0), or a strand's angle and kind (w 1)
  const vertexData = new Float32Array(width * rows * 4)
  for (let v = 0; v < vertices; v++) {
    const rock = strand.getW(v) < 0.5
    vertexData.set(rock ? [position.getX(v), position.getY(v), position.getZ(v), 0] : [strand.getX(v), strand.getW(v), 0, 1], v * 4)
  }
  const seedlingData = new Float32Array(Math.max(1, placements.length) * 4)
  placements.forEach((placement, i) => seedlingData.set(placement.seedling, i * 4))
  const texture = (data: Float32Array, w: number, h: number) => {
    const made = new DataTexture(data, w, h, RGBAFormat, FloatType)
    made.minFilter = made.magFilter = NearestFilter
    made.needsUpdate = true
    return made
  }
  const vertexTexture = texture(vertexData, width, rows)
  const seedlingTexture = texture(seedlingData, Math.max(1, placements.length), 1)
  const target = new WebGLRenderTarget(width, 2 * rows * Math.max(1, placements.length), {
    type: FloatType,
    minFilter: NearestFilter,
    magFilter: NearestFilter,
    depthBuffer: false,
    generateMipmaps: false,
  })
  const pass = new FullscreenPass(bakeFragment, {
    tVertices: new Uniform(vertexTexture),
    tSeedlings: new Uniform(seedlingTexture),
    roughness: uniforms.roughness!,
    depthRatio: uniforms.depthRatio!,
    uSeed: uniforms.uSeed!,
    rows: new Uniform(rows),
    islands: new Uniform(placements.length),
  })
  const baked = { roughness: Number.NaN, depthRatio: Number.NaN, seed: Number.NaN }
  return {
    target,
    rows,
    /** Bakes when the shape's settings changed since the last bake (or never baked). */
    update(renderer: WebGLRenderer): void {
      const roughness = uniforms.roughness!.value as number
      const depthRatio = uniforms.depthRatio!.value as number
      const seed = uniforms.uSeed!.value as number
      if (roughness === baked.roughness && depthRatio === baked.depthRatio && seed === baked.seed) return
      Object.assign(baked, { roughness, depthRatio, seed })
      pass.render(renderer, target)
    },
    dispose(): void {
      target.dispose()
      pass.dispose()
      vertexTexture.dispose()
      seedlingTexture.dispose()
    },
  }
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
  const bake = useMemo(() => createIslandBake(geometry, placements, material.uniforms as Record<string, Uniform>), [geometry, placements, material])
  useEffect(() => () => bake.dispose(), [bake])
  // the bake's uniforms, before the material's first compile (three reads the list once per program); a new bake
  // (new islands) hands its texture over
  useMemo(() => {
    material.uniforms.uIslandBake ??= new Uniform<Texture | null>(null)
    material.uniforms.uBakeRows ??= new Uniform(1)
    material.uniforms.uIslandBake.value = bake.target.texture
    material.uniforms.uBakeRows.value = bake.rows
  }, [material, bake])
  // after the host and the modulation write this frame's values (-1, -0.75), before anything draws the islands
  // (the water's reflection draws at -0.5)
  useFrame(({ gl }) => bake.update(gl), -0.6)
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
