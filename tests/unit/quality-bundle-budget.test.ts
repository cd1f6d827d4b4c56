/**
 * Bundle budgets, checked on a real production build (sizes, not timings). Whoever makes the viewer link
 * heavier has to move the budget here, in the open.
 */
import { existsSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyzeBundle, type BundleAnalysis } from '../../scripts/bench-bundle.mjs'

/** Viewer route initial JS, gzip. three (~150 KiB) + react-dom (~62) + r3f (~50) are most of it. */
// 400 -> 408 KiB (issue 14, session 20): the per-region limiter's packed passes, full-resolution amortisation and
// the terrain's tiled levels of detail added ~6 KiB; shader files are now minified in builds (-2.3 KiB): 403.4 KiB
// 408 -> 410 KiB (issue 14, session 22): the water's streak pass, the islands' shape bake, soft parts and the merged
// output pass added ~1.5 KiB of shader and code: 408.7 KiB
// 410 -> 412 KiB (issue 14, session 24): insets (the moon's surface drawn at the disc's size and read with one tap),
// the aurora's bilinear history under a slow drift and the soft passes' grouping by block: 410.2 KiB
// 412 -> 414 KiB (issue 14, session 26): the islands' levels of detail (a mesh per level, the strands' own program)
// and the terrain's one-draw index (its chooser, culling and stitching in one index buffer): 412.8 KiB
// 414 -> 416 KiB (issue 14, session 29): the aurora's light integrated analytically (erf) with its rays filtered to
// the pixel's footprint, and the viewer's poster before the first frame: 414.2 KiB
// 416 -> 418 KiB (issue 14, session 33): full-screen state passes draw directly (their own program, a setter per
// uniform type, texture uploads and bindings through three's state) instead of through render(): 416.9 KiB
export const VIEWER_INITIAL_GZIP_BUDGET = 418 * 1024
/** The editor adds leva and panels on top of the viewer's dependencies. */
// 520 -> 522 KiB (session 33): the same direct draws as the viewer: 520.3 KiB
export const EDITOR_INITIAL_GZIP_BUDGET = 522 * 1024
/** Never on a shared link's critical path. */
const EDITOR_ONLY = [/node_modules\/leva\//, /^src\/editor\//, /node_modules\/@use-gesture\//, /node_modules\/react-dropzone\//]

const hasRoutes = existsSync('src/main.tsx') && existsSync('src/viewer/index.tsx')

describe.skipIf(!hasRoutes)('bundle budgets (vite build)', () => {
  let bundle: BundleAnalysis
  beforeAll(async () => {
    bundle = await analyzeBundle()
  }, 180_000)

  it('finds the viewer route as a lazily imported chunk of the entry', () => {
    expect(bundle.entry).not.toBeNull()
    expect(bundle.routes.viewer, 'src/main.tsx must import("./viewer")').not.toBeNull()
    expect(bundle.routes.viewer!.modules.some((m) => m.startsWith('src/viewer/'))).toBe(true)
  })

  it(`viewer route initial JS stays under ${VIEWER_INITIAL_GZIP_BUDGET / 1024} KiB gzip`, () => {
    expect(bundle.routes.viewer!.gzip).toBeLessThan(VIEWER_INITIAL_GZIP_BUDGET)
  })

  it('the viewer route contains neither leva nor editor code', () => {
    const leaked = bundle.routes.viewer!.modules.filter((id) => EDITOR_ONLY.some((pattern) => pattern.test(id)))
    expect(leaked).toEqual([])
  })

  it(`editor route initial JS stays under ${EDITOR_INITIAL_GZIP_BUDGET / 1024} KiB gzip`, () => {
    expect(bundle.routes.editor).not.toBeNull()
    expect(bundle.routes.editor!.gzip).toBeLessThan(EDITOR_INITIAL_GZIP_BUDGET)
  })
})
