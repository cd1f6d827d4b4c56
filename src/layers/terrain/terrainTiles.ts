/**
 * The terrain drawn as tiles with levels of detail, in one draw. A full-resolution grid of the whole terrain is
 * 80 000 triangles, most of them behind the camera, off to the sides or thinner than a pixel in the distance, and a
 * software renderer pays for every one (about half a microsecond each). Tiles out of view are left out, and each
 * tile draws at the coarsest level whose height error stays under a few pixels for the camera. Levels are at most
 * one step apart between neighbours, and a finer tile's border collapses to its coarser neighbour's vertices, so
 * the surface never opens a crack. The chosen tiles' triangles are written into one index buffer, rewritten only
 * when the choice changes: drawn as a mesh per tile, the terrain cost 70 draw calls a frame, and a draw call
 * costs about 0.075 ms on a software renderer whatever it draws (5 ms of a 640 x 360 frame).
 */
import { BufferAttribute, BufferGeometry, Frustum, Matrix4, Sphere, Vector3, type Camera } from 'three'

/** Grid cells along a tile's side at full resolution; it must divide the terrain's segment count. */
export const TILE_CELLS = 20
/** Vertex steps of the levels: full resolution, every second vertex, every fourth. */
export const LEVEL_STEPS = [1, 2, 4] as const
/** The largest height error a level may show, in pixels of the target it is drawn into. */
export const MAX_ERROR_PIXELS = 6

const SIDE = TILE_CELLS + 1
const EDGE_VARIANTS = 16 // which of the four sides (bit 0 north, 1 east, 2 south, 3 west) meet a coarser neighbour

/**
 * Triangles of one level with some sides stitched to the next coarser level: the grid's own triangulation
 * (the diagonals a PlaneGeometry has, so level 0 alone is the full grid exactly), then each odd vertex of a
 * stitched side collapsed onto the even vertex before it, dropping the triangles that degenerate.
 */
function levelTriangles(step: number, edges: number): number[] {
  const n = TILE_CELLS / step
  const at = (row: number, col: number) => row * step * SIDE + col * step
  const collapse = (row: number, col: number): [number, number] => {
    const odd = (k: number) => k % 2 === 1
    if (edges & 1 && row === 0 && odd(col)) return [row, col - 1]
    if (edges & 4 && row === n && odd(col)) return [row, col - 1]
    if (edges & 8 && col === 0 && odd(row)) return [row - 1, col]
    if (edges & 2 && col === n && odd(row)) return [row - 1, col]
    return [row, col]
  }
  const out: number[] = []
  const push = (a: [number, number], b: [number, number], c: [number, number]) => {
    const [ia, ib, ic] = [collapse(...a), collapse(...b), collapse(...c)].map(([r, c]) => at(r, c))
    if (ia !== ib && ib !== ic && ia !== ic) out.push(ia!, ib!, ic!)
  }
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const a: [number, number] = [row, col]
      const b: [number, number] = [row + 1, col]
      const c: [number, number] = [row + 1, col + 1]
      const d: [number, number] = [row, col + 1]
      push(a, b, d)
      push(b, c, d)
    }
  }
  return out
}

/** Each level's 16 stitch variants: triangles in a tile's own vertex numbering. */
function levelPatterns(): Uint16Array[][] {
  return LEVEL_STEPS.map((step) => Array.from({ length: EDGE_VARIANTS }, (_, edges) => new Uint16Array(levelTriangles(step, edges))))
}

export interface TerrainTile {
  /** Its first vertex in the terrain's geometry. */
  base: number
  /** Tile centre and half size on the ground (x, z), in the terrain's own coordinates. */
  centerX: number
  centerZ: number
  half: number
  /** Highest unit height in the tile (for culling and the distance to it). */
  top: number
  /** Largest unit height error of each level against full resolution. */
  errors: number[]
}

/**
 * The full grid (buildTerrain's geometry: rows of `segments + 1` vertices) as tiles: one geometry holding every
 * tile's vertices in turn (with no index: see createTerrainIndex), and each tile's place, height and level errors.
 */
export function buildTiles(grid: BufferGeometry, segments: number): { geometry: BufferGeometry; tiles: TerrainTile[]; perRow: number } {
  const perRow = segments / TILE_CELLS
  const stride = segments + 1
  const position = grid.getAttribute('position') as BufferAttribute
  const slope = grid.getAttribute('slope') as BufferAttribute
  const perTile = SIDE * SIDE
  const positions = new Float32Array(perRow * perRow * perTile * 3)
  const slopes = new Float32Array(perRow * perRow * perTile * 2)
  const tiles: TerrainTile[] = []
  for (let tileRow = 0; tileRow < perRow; tileRow++) {
    for (let tileCol = 0; tileCol < perRow; tileCol++) {
      const base = tiles.length * perTile
      const heights = new Float32Array(perTile)
      let top = 0
      for (let row = 0; row < SIDE; row++) {
        for (let col = 0; col < SIDE; col++) {
          const source = (tileRow * TILE_CELLS + row) * stride + tileCol * TILE_CELLS + col
          const i = row * SIDE + col
          const v = base + i
          positions[v * 3] = position.getX(source)
          positions[v * 3 + 1] = heights[i] = position.getY(source)
          positions[v * 3 + 2] = position.getZ(source)
          slopes[v * 2] = slope.getX(source)
          slopes[v * 2 + 1] = slope.getY(source)
          top = Math.max(top, heights[i]!)
        }
      }
      const x0 = positions[base * 3]!
      const z0 = positions[base * 3 + 2]!
      const x1 = positions[(base + perTile - 1) * 3]!
      const z1 = positions[(base + perTile - 1) * 3 + 2]!
      tiles.push({
        base,
        centerX: (x0 + x1) / 2,
        centerZ: (z0 + z1) / 2,
        half: Math.abs(x1 - x0) / 2,
        top,
        errors: LEVEL_STEPS.map((step) => levelError(heights, step)),
      })
    }
  }
  const geometry = new BufferGeometry()
  geometry.setAttribute('position', new BufferAttribute(positions, 3))
  geometry.setAttribute('slope', new BufferAttribute(slopes, 2))
  return { geometry, tiles, perRow }
}

/** The largest vertical distance between the full grid's vertices and a level's surface (bilinear per cell, a
 * bound on its two triangles' error) over the tile. */
function levelError(heights: Float32Array, step: number): number {
  if (step === 1) return 0
  let error = 0
  for (let row = 0; row < SIDE; row++) {
    for (let col = 0; col < SIDE; col++) {
      const r0 = Math.min(Math.floor(row / step) * step, TILE_CELLS - step)
      const c0 = Math.min(Math.floor(col / step) * step, TILE_CELLS - step)
      const u = (col - c0) / step
      const v = (row - r0) / step
      const h = (r: number, c: number) => heights[r * SIDE + c]!
      const bilinear = (h(r0, c0) * (1 - u) + h(r0, c0 + step) * u) * (1 - v) + (h(r0 + step, c0) * (1 - u) + h(r0 + step, c0 + step) * u) * v
      error = Math.max(error, Math.abs(h(row, col) - bilinear))
    }
  }
  return error
}

/**
 * The index of the terrain's one draw for a camera: the tiles in its view, each at its level for the camera and
 * the picture's height (`pixelHeight`), stitched to its neighbours. `offset` is where the terrain sits in the world,
 * `height` the height scale. `update` returns the count of indices to draw; it rewrites the index (and marks the
 * part written for upload) only when a tile's visibility, level or stitching changed.
 */
export function createTerrainIndex(tiles: TerrainTile[], perRow: number) {
  const patterns = levelPatterns()
  const largest = Math.max(...patterns[0]!.map((pattern) => pattern.length))
  const index = new BufferAttribute(new Uint32Array(tiles.length * largest), 1)
  const levels = new Int8Array(tiles.length)
  /** Per tile: -1 out of view, else level * EDGE_VARIANTS + stitched edges; as last written into the index. */
  const written = new Int16Array(tiles.length).fill(-2)
  const chosen = new Int16Array(tiles.length)
  // the tiles nearest the eye first: on a GPU, which tests depth before it shades, a nearer hill then hides what
  // lies behind it before that is shaded, instead of overdrawing it (a software renderer shades first: no change)
  const nearness = new Float32Array(tiles.length)
  const order = new Int32Array(tiles.length)
  const writtenOrder = new Int32Array(tiles.length).fill(-1)
  const eye = new Vector3()
  const frustum = new Frustum()
  const viewProjection = new Matrix4()
  const bounds = new Sphere()
  let count = 0
  function update(camera: Camera, pixelHeight: number, offset: Vector3, height: number): number {
    camera.updateMatrixWorld()
    eye.setFromMatrixPosition(camera.matrixWorld).sub(offset)
    frustum.setFromProjectionMatrix(viewProjection.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse))
    // pixels per unit of size at unit distance, vertically (the larger of the two for a wide view)
    const focal = camera.projectionMatrix.elements[5]! * pixelHeight * 0.5
    for (let i = 0; i < tiles.length; i++) {
      const tile = tiles[i]!
      // nearest point of the tile's box
      const dx = Math.max(Math.abs(eye.x - tile.centerX) - tile.half, 0)
      const dz = Math.max(Math.abs(eye.z - tile.centerZ) - tile.half, 0)
      const dy = Math.max(eye.y - tile.top * height, 0, -eye.y)
      const distance = Math.max(Math.hypot(dx, dy, dz), 1e-3)
      // ties (every tile the eye stands over is at distance 0) broken by the centre's distance
      nearness[i] = distance + 1e-3 * Math.hypot(eye.x - tile.centerX, eye.z - tile.centerZ)
      let level = 0
      while (level + 1 < LEVEL_STEPS.length && (tile.errors[level + 1]! * height * focal) / distance <= MAX_ERROR_PIXELS) level++
      levels[i] = level
    }
    // neighbours at most one level apart: a tile finer than a neighbour allows coarsens it
    for (let pass = 0; pass < LEVEL_STEPS.length; pass++) {
      for (let i = 0; i < tiles.length; i++) {
        const row = Math.floor(i / perRow)
        const col = i % perRow
        const most = levels[i]! + 1
        if (row > 0 && levels[i - perRow]! > most) levels[i - perRow] = most
        if (row < perRow - 1 && levels[i + perRow]! > most) levels[i + perRow] = most
        if (col > 0 && levels[i - 1]! > most) levels[i - 1] = most
        if (col < perRow - 1 && levels[i + 1]! > most) levels[i + 1] = most
      }
    }
    let changed = false
    for (let i = 0; i < tiles.length; i++) {
      tileBounds(tiles[i]!, height, bounds).center.add(offset)
      if (!frustum.intersectsSphere(bounds)) {
        chosen[i] = -1
      } else {
        const row = Math.floor(i / perRow)
        const col = i % perRow
        const level = levels[i]!
        // rows run from the far edge (row 0 of a tile is its -z side after the plane's rotation)
        const edges =
          (row > 0 && levels[i - perRow]! > level ? 1 : 0) |
          (col < perRow - 1 && levels[i + 1]! > level ? 2 : 0) |
          (row < perRow - 1 && levels[i + perRow]! > level ? 4 : 0) |
          (col > 0 && levels[i - 1]! > level ? 8 : 0)
        chosen[i] = level * EDGE_VARIANTS + edges
      }
      changed ||= chosen[i] !== written[i]
    }
    // insertion sort into a kept array: no garbage per frame, and the order changes little between frames
    let visible = 0
    for (let i = 0; i < tiles.length; i++) {
      if (chosen[i]! < 0) continue
      let k = visible++
      while (k > 0 && nearness[order[k - 1]!]! > nearness[i]!) order[k] = order[--k]!
      order[k] = i
    }
    for (let k = 0; k < tiles.length; k++) changed ||= (k < visible ? order[k]! : -1) !== writtenOrder[k]
    if (!changed) return count
    const out = index.array as Uint32Array
    count = 0
    written.set(chosen)
    writtenOrder.fill(-1).set(order.subarray(0, visible))
    for (let k = 0; k < visible; k++) {
      const i = order[k]!
      const pattern = patterns[Math.floor(chosen[i]! / EDGE_VARIANTS)]![chosen[i]! % EDGE_VARIANTS]!
      const base = tiles[i]!.base
      for (let k = 0; k < pattern.length; k++) out[count + k] = base + pattern[k]!
      count += pattern.length
    }
    index.clearUpdateRanges()
    index.addUpdateRange(0, count)
    index.needsUpdate = true
    return count
  }
  return { index, update }
}

/** Every tile at the coarsest level (no stitching needed), for small targets: the water's quarter-size reflection. */
export function coarseTerrainIndex(tiles: TerrainTile[]): BufferAttribute {
  const pattern = levelTriangles(LEVEL_STEPS[LEVEL_STEPS.length - 1]!, 0)
  const out = new Uint32Array(tiles.length * pattern.length)
  tiles.forEach((tile, i) => pattern.forEach((k, j) => (out[i * pattern.length + j] = tile.base + k)))
  return new BufferAttribute(out, 1)
}

/** Culling bounds for a tile at a height scale. */
export function tileBounds(tile: TerrainTile, height: number, target: Sphere): Sphere {
  const y = (tile.top * height) / 2
  target.center.set(tile.centerX, y, tile.centerZ)
  target.radius = Math.hypot(tile.half, tile.half, y) + 0.01
  return target
}
