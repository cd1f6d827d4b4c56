/**
 * The terrain's one draw (issue 14): the tiles in view at their levels, stitched so the surface never opens a
 * crack, rewritten only when the choice changes.
 */
import { PerspectiveCamera, Vector3 } from 'three'
import { describe, expect, test } from 'vitest'
import { buildTerrain, TERRAIN_ORIGIN, TERRAIN_SEGMENTS, TERRAIN_SIZE } from '../../src/layers/terrain/TerrainObject'
import { buildTiles, coarseTerrainIndex, createTerrainIndex, TILE_CELLS } from '../../src/layers/terrain/terrainTiles'

const grid = buildTerrain(7, 1, 4, 1)
const { geometry, tiles, perRow } = buildTiles(grid, TERRAIN_SEGMENTS)
const position = geometry.getAttribute('position')
const offset = new Vector3(...TERRAIN_ORIGIN)

function camera(at: [number, number, number], lookAt: [number, number, number]): PerspectiveCamera {
  const made = new PerspectiveCamera(55, 16 / 9, 0.1, 1000)
  made.position.set(...at)
  made.lookAt(...lookAt)
  made.updateMatrixWorld()
  return made
}

/** Edges (by the ground position of their ends) used by exactly one triangle. */
function openEdges(indices: ArrayLike<number>, count: number): string[] {
  const key = (v: number) => `${position.getX(v).toFixed(3)},${position.getZ(v).toFixed(3)}`
  const uses = new Map<string, number>()
  for (let t = 0; t < count; t += 3) {
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]] as const) {
      const ends = [key(indices[t + a]!), key(indices[t + b]!)].sort().join('|')
      uses.set(ends, (uses.get(ends) ?? 0) + 1)
    }
  }
  return [...uses].filter(([, n]) => n === 1).map(([edge]) => edge)
}

/** Open edges inside the terrain (not on its outer border): cracks. */
const cracks = (open: string[]) =>
  open.filter((edge) => !edge.split('|').every((end) => end.split(',').some((v) => Math.abs(Math.abs(Number(v)) - TERRAIN_SIZE / 2) < 1e-3)))

describe('the terrain drawn in one draw', () => {
  test('seen whole from above: every tile drawn, levels stitched without a crack', () => {
    const view = createTerrainIndex(tiles, perRow)
    const above = camera([0, 200, -50], [0, 0, -50.01])
    const all = tiles.length * 20 * 20 * 2 * 3
    const coarsest = tiles.length * 5 * 5 * 2 * 3
    let mixed = 0
    // from a picture so small every tile is coarsest to one so large they all are fine (400 and 800 mix them)
    for (const pixels of [100, 300, 400, 600, 800, 1600]) {
      const count = view.update(above, pixels, offset, 14)
      const indices = view.index.array as Uint32Array
      expect(indices.subarray(0, count).reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(position.count)
      expect(cracks(openEdges(indices, count)), `${pixels} pixels high: interior edges of one triangle`).toEqual([])
      expect(count).toBeGreaterThanOrEqual(coarsest)
      expect(count).toBeLessThanOrEqual(all)
      if (count > coarsest && count < all) mixed++
    }
    expect(view.update(above, 100, offset, 14)).toBe(coarsest)
    expect(view.update(above, 1600, offset, 14)).toBe(all)
    expect(mixed, 'pictures where the levels mix').toBeGreaterThanOrEqual(2)
  })

  test('only the tiles in view are drawn, and the index is rewritten only when the choice changes', () => {
    const view = createTerrainIndex(tiles, perRow)
    const ahead = camera([0, 2, 6], [0, 1.5, -10])
    const count = view.update(ahead, 360, offset, 8)
    const version = view.index.version
    expect(view.update(ahead, 360, offset, 8)).toBe(count)
    expect(view.index.version).toBe(version)
    // looking back at the terrain's near edge from outside it: far fewer tiles
    const away = view.update(camera([0, 2, 6], [0, 1.5, 30]), 360, offset, 8)
    expect(away).toBeLessThan(count / 4)
    expect(view.index.version).toBeGreaterThan(version)
    // a larger picture needs finer levels: more triangles
    expect(view.update(ahead, 1440, offset, 8)).toBeGreaterThan(count)
  })

  test('the tiles are drawn nearest first, each once: a nearer hill hides what lies behind it before that is shaded', () => {
    const view = createTerrainIndex(tiles, perRow)
    const at: [number, number, number] = [0, 2, 6]
    const height = 8
    for (const lookAt of [[0, 1.5, -10], [8, 1, -4], [0, 1.5, 30]] as [number, number, number][]) {
      const count = view.update(camera(at, lookAt), 360, offset, height)
      const indices = view.index.array as Uint32Array
      const perTile = (TILE_CELLS + 1) ** 2
      const sequence: number[] = []
      for (let k = 0; k < count; k++) {
        const tile = Math.floor(indices[k]! / perTile)
        if (sequence.at(-1) !== tile) sequence.push(tile)
      }
      expect(new Set(sequence).size, 'each tile in one run').toBe(sequence.length)
      const eye = new Vector3(...at).sub(offset)
      // the distance to the nearest point of the tile's box
      const distance = (index: number) => {
        const tile = tiles[index]!
        const dx = Math.max(Math.abs(eye.x - tile.centerX) - tile.half, 0)
        const dz = Math.max(Math.abs(eye.z - tile.centerZ) - tile.half, 0)
        return Math.hypot(dx, Math.max(eye.y - tile.top * height, 0, -eye.y), dz)
      }
      const distances = sequence.map(distance)
      // ties are broken by the centres' distance, a thousandth of it
      for (let k = 1; k < distances.length; k++) expect(distances[k]!, `tile ${k} of ${distances.length}`).toBeGreaterThanOrEqual(distances[k - 1]! - 0.2)
      expect(distances.at(-1)!).toBeGreaterThan(distances[0]! + 10)
    }
  })

  test('the coarse index covers every tile at the coarsest level, without a crack', () => {
    const coarse = coarseTerrainIndex(tiles)
    const indices = coarse.array as Uint32Array
    expect(indices.length).toBe(tiles.length * 5 * 5 * 2 * 3)
    const open = openEdges(indices, indices.length)
    expect(cracks(open)).toEqual([])
    expect(open.length).toBe(4 * (TERRAIN_SEGMENTS / 4))
  })
})
