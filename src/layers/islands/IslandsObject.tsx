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
import { drawsOpaque } from '../../scene/blending'
import { copyDrawState, materialVariant } from '../../scene/materialVariant'
import { drawingSmallTarget } from '../../scene/reflection'
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

/** The coarsest level of detail: what a small target (the water's reflection) draws of every island. */
const COARSE_LEVEL = 1

/**
 * Every island's geometry, at each level of detail up to the layer's `detail`. Triangles, not pixels, set what
 * the islands cost on a software renderer (22 islands at detail 3 cost more than a whole fbm5 frame at
 * 640 x 360), so each island's rock draws at the level its size on screen needs (islandDetail) and the
 * layer's detail is the most any island gets.
 * - `rocks[d - 1]`: the rock at level d, a smooth UV sphere of 12d x 9d segments that the bake reshapes (its rings
 *   give the plateau and the cone even detail), followed by the coarsest level; `ranges` picks one per render.
 * - `strands`: the strands of one island, each a ribbon the vertex shader hangs and turns to the camera.
 * - `bakeVertices`: what the bake shapes, one texel per vertex of all of these (each geometry's `bakeVertex`
 *   attribute says which): a rock's point of the unit sphere (w 0), or a strand's angle and kind (w 1).
 */
export interface IslandGeometry {
  rocks: BufferGeometry[]
  ranges: { fine: [number, number]; coarse: [number, number] }[]
  strands: BufferGeometry
  bakeVertices: Float32Array
}

export function buildIslandGeometry(detail: number, seed: number): IslandGeometry {
  const bake: number[] = []
  const spheres = Array.from({ length: detail }, (_, i) => {
    const sphere = new SphereGeometry(1, 12 * (i + 1), 9 * (i + 1))
    const position = sphere.getAttribute('position') as BufferAttribute
    const first = bake.length / 4
    for (let v = 0; v < position.count; v++) bake.push(position.getX(v), position.getY(v), position.getZ(v), 0)
    const level = { position: position.array as Float32Array, index: sphere.getIndex()!.array, first, count: position.count }
    sphere.dispose()
    return level
  })
  const coarse = spheres[COARSE_LEVEL - 1]!
  const rocks = spheres.map((level, i) => {
    // the level, then the coarsest after it (for small targets)
    const parts = i + 1 === COARSE_LEVEL ? [level] : [level, coarse]
    const positions: number[] = []
    const bakeVertex: number[] = []
    const index: number[] = []
    for (const part of parts) {
      const base = positions.length / 3
      positions.push(...part.position)
      for (let v = 0; v < part.count; v++) bakeVertex.push(part.first + v)
      for (const k of part.index) index.push(k + base)
    }
    const geometry = new BufferGeometry()
    geometry.setAttribute('position', new BufferAttribute(new Float32Array(positions), 3))
    geometry.setAttribute('bakeVertex', new BufferAttribute(new Float32Array(bakeVertex), 1))
    geometry.setIndex(index)
    return geometry
  })
  const ranges = spheres.map((level, i) => {
    const fine: [number, number] = [0, level.index.length]
    return { fine, coarse: i + 1 === COARSE_LEVEL ? fine : ([level.index.length, coarse.index.length] as [number, number]) }
  })

  const strandVertices = STRANDS_PER_ISLAND * (STRAND_SEGMENTS + 1) * 2
  const strand = new Float32Array(strandVertices * 4)
  const strandBake = new Float32Array(strandVertices)
  const indices: number[] = []
  const random = seededRandom(seed, 'island-strands')
  let vertex = 0
  for (let i = 0; i < STRANDS_PER_ISLAND; i++) {
    const angle = ((i + random() * 0.8) / STRANDS_PER_ISLAND) * Math.PI * 2
    const kind = 1 + random() * 0.999
    const first = vertex
    for (let step = 0; step <= STRAND_SEGMENTS; step++) {
      for (const side of [-1, 1]) {
        strand.set([angle, step / STRAND_SEGMENTS, side, kind], vertex * 4)
        strandBake[vertex] = bake.length / 4
        bake.push(angle, kind, 0, 1)
        vertex++
      }
      if (step > 0) {
        const a = first + (step - 1) * 2
        indices.push(a, a + 1, a + 2, a + 1, a + 3, a + 2)
      }
    }
  }
  const strands = new BufferGeometry()
  // hung by the vertex shader: the position is unused, present for three's bounds
  strands.setAttribute('position', new BufferAttribute(new Float32Array(strandVertices * 3), 3))
  strands.setAttribute('strand', new BufferAttribute(strand, 4))
  strands.setAttribute('bakeVertex', new BufferAttribute(strandBake, 1))
  strands.setIndex(indices)
  return { rocks, ranges, strands, bakeVertices: new Float32Array(bake) }
}

/** The longest a rock segment round an island's rim may be, in pixels of the target it is drawn into. */
export const SEGMENT_PIXELS = 8
/** An island's rim radius in its own units (its ragged outline wanders out to 1.32). */
const RIM_RADIUS = 1.3

/**
 * The level of detail an island's rock needs: the least whose segments round the rim (12 per level) are at most
 * SEGMENT_PIXELS long on screen, and at most the layer's detail. `focalPixels`: pixels per unit at unit distance.
 */
export function islandDetail(scale: number, distance: number, focalPixels: number, maxDetail: number): number {
  const rimPixels = (RIM_RADIUS * scale * focalPixels) / Math.max(distance, 1e-3)
  const detail = Math.ceil((2 * Math.PI * rimPixels) / (12 * SEGMENT_PIXELS))
  return Math.min(Math.max(detail, COARSE_LEVEL), maxDetail)
}

/** Vertices per row of the bake (islands-bake.frag): a row of an island's vertices. */
const BAKE_WIDTH = 1024

/**
 * The islands' shapes, baked on the GPU into one float texture (islands-bake.frag) that the vertex shader reads by
 * vertex and instance: the shape noise runs once per vertex when the settings change, not three times per vertex
 * every frame (and again in the water's reflection). `uniforms` is the layer material's: its roughness, rock depth
 * and the document seed are read from it, and its bake uniforms are set here.
 */
function createIslandBake(bakeVertices: Float32Array, placements: readonly IslandPlacement[], uniforms: Record<string, Uniform>) {
  const vertices = bakeVertices.length / 4
  const width = Math.min(BAKE_WIDTH, vertices)
  const rows = Math.ceil(vertices / width)
  const vertexData = new Float32Array(width * rows * 4)
  vertexData.set(bakeVertices)
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

export function IslandsObject({ material, seed, values, renderOrder }: ObjectLayerProps<ParamValues<typeof islandsParams>>) {
  const count = values.count
  const spread = values.spread
  const altitude = values.altitude
  const size = values.size
  const detail = values.detail
  const placements = useMemo(() => placeIslands(seed, count, spread, altitude, size), [seed, count, spread, altitude, size])
  const islands = useMemo(() => {
    const built = buildIslandGeometry(detail, seed)
    // per instance: the island's seedling and its rows of the bake; a rock level holds the islands drawn at it
    for (const geometry of [...built.rocks, built.strands]) {
      geometry.setAttribute('seedling', new InstancedBufferAttribute(new Float32Array(count * 4), 4))
      geometry.setAttribute('island', new InstancedBufferAttribute(new Float32Array(count), 1))
    }
    return built
  }, [detail, count, seed])
  useEffect(() => () => [...islands.rocks, islands.strands].forEach((geometry) => geometry.dispose()), [islands])
  const bake = useMemo(() => createIslandBake(islands.bakeVertices, placements, material.uniforms as Record<string, Uniform>), [islands, placements, material])
  useEffect(() => () => bake.dispose(), [bake])
  // the bake's uniforms, before the material's first compile (three reads the list once per program); a new bake
  // (new islands) hands its texture over
  useMemo(() => {
    material.uniforms.uIslandBake ??= new Uniform<Texture | null>(null)
    material.uniforms.uBakeRows ??= new Uniform(1)
    material.uniforms.uIslandBake.value = bake.target.texture
    material.uniforms.uBakeRows.value = bake.rows
  }, [material, bake])
  // the strands' own program (ISLAND_STRANDS): drawn after every rock, so a glow over a farther island's rock adds to it
  const strandMaterial = useMemo(() => materialVariant(material, { ISLAND_STRANDS: '' }), [material])
  useEffect(() => () => strandMaterial.dispose(), [strandMaterial])

  const rockMeshes = useRef<(InstancedMesh | null)[]>([])
  const strandMesh = useRef<InstancedMesh>(null)
  const matrices = useMemo(() => {
    const rotation = new Quaternion()
    return placements.map((placement) => {
      const s = placement.scale
      return new Matrix4().compose(new Vector3(...placement.position), rotation, new Vector3(s, s, s))
    })
  }, [placements])
  // each island's level of detail: as chosen this frame, and as last written into the rock meshes (0: not yet)
  const levels = useMemo(() => ({ chosen: new Int8Array(count), written: new Int8Array(count), nearFirst: false, writtenNearFirst: false }), [count])
  /**
   * Writes each level's islands into its mesh, when a level or the order changed. Opaque islands are drawn near
   * first, the finest level (the nearest islands) first, so the depth test rejects the rock they hide (celestes-
   * atelier's islands at 640x360: 20.5 -> 18.3-18.9 ms on a software renderer). Fading ones are drawn far first, so
   * each blends over those behind it.
   */
  const applyLevels = useMemo(
    () => () => {
      const { chosen, written, nearFirst } = levels
      const levelCount = islands.rocks.length
      // an index loop: this runs every frame
      for (let l = 0; l < rockMeshes.current.length; l++) {
        const mesh = rockMeshes.current[l]
        if (mesh) mesh.renderOrder = renderOrder + 0.01 * (nearFirst ? levelCount - l : l + 1)
      }
      let changed = nearFirst !== levels.writtenNearFirst
      for (let i = 0; i < placements.length; i++) changed ||= chosen[i] !== written[i]
      if (!changed) return
      written.set(chosen)
      levels.writtenNearFirst = nearFirst
      islands.rocks.forEach((geometry, l) => {
        const mesh = rockMeshes.current[l]
        if (!mesh) return
        // placements run far to near
        let n = 0
        for (let k = 0; k < placements.length; k++) {
          const i = nearFirst ? placements.length - 1 - k : k
          if (written[i] === l + 1) writeInstance(mesh, geometry, n++, i, matrices[i]!, placements[i]!)
        }
        mesh.count = n
        mesh.visible = n > 0
      })
    },
    [islands, placements, matrices, levels, renderOrder],
  )
  useLayoutEffect(() => {
    const strands = strandMesh.current
    if (strands) placements.forEach((placement, i) => writeInstance(strands, islands.strands, i, i, matrices[i]!, placement))
    levels.written.fill(0)
    levels.chosen.fill(detail)
    applyLevels()
  }, [islands, placements, matrices, levels, applyLevels, detail])

  // after the host and the modulation write this frame's values (-1, -0.75), before anything draws the islands
  // (the water's reflection draws at -0.5): the shapes baked, each island's level chosen for the camera
  const eye = useMemo(() => new Vector3(), [])
  const drawingSize = useMemo(() => new Vector2(), [])
  useFrame(({ gl, camera }) => {
    bake.update(gl)
    copyDrawState(material, strandMaterial)
    camera.getWorldPosition(eye)
    const focal = camera.projectionMatrix.elements[5]! * gl.getDrawingBufferSize(drawingSize).y * 0.5
    for (let i = 0; i < placements.length; i++) {
      const { position, scale } = placements[i]!
      levels.chosen[i] = islandDetail(scale, Math.hypot(eye.x - position[0], eye.y - position[1], eye.z - position[2]), focal, detail)
    }
    levels.nearFirst = drawsOpaque(material)
    applyLevels()
  }, -0.6)
  // a small target (the water's reflection) gets the coarsest islands: their detail would be sub-pixel there
  const onBeforeRender = useMemo(
    () =>
      islands.rocks.map((geometry, l) => (renderer: WebGLRenderer) => {
        const [start, length] = drawingSmallTarget(renderer) ? islands.ranges[l]!.coarse : islands.ranges[l]!.fine
        geometry.setDrawRange(start, length)
      }),
    [islands],
  )

  // the vertex shader bobs and reshapes the islands far beyond the sphere's bounds: never cull them
  return (
    <group>
      {islands.rocks.map((geometry, l) => (
        <instancedMesh
          key={`${count}:${l}`}
          ref={(mesh) => void (rockMeshes.current[l] = mesh)}
          args={[geometry, material, count]}
          frustumCulled={false}
          onBeforeRender={onBeforeRender[l]}
        />
      ))}
      <instancedMesh key={count} ref={strandMesh} args={[islands.strands, strandMaterial, count]} renderOrder={renderOrder + 0.5} frustumCulled={false} />
    </group>
  )
}

/** Writes island `island` into instance slot `slot` of a mesh and its geometry's per-instance attributes. */
function writeInstance(mesh: InstancedMesh, geometry: BufferGeometry, slot: number, island: number, matrix: Matrix4, placement: IslandPlacement): void {
  mesh.setMatrixAt(slot, matrix)
  mesh.instanceMatrix.needsUpdate = true
  const seedling = geometry.getAttribute('seedling') as InstancedBufferAttribute
  const index = geometry.getAttribute('island') as InstancedBufferAttribute
  seedling.setXYZW(slot, ...placement.seedling)
  index.setX(slot, island)
  seedling.needsUpdate = index.needsUpdate = true
}
