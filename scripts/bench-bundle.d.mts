/** Types for scripts/bench-bundle.mjs (plain JS so `npm run bench` runs on Node without a TS loader). */
export interface RouteBundle {
  chunks: { fileName: string; gzip: number; bytes: number }[]
  gzip: number
  bytes: number
  /** Module ids (relative to the project root) in the route's initial chunks. */
  modules: string[]
  /** Estimated gzip bytes per package / src folder. */
  dependencies: Record<string, number>
}
export interface BundleAnalysis {
  buildMs: number
  entry: { fileName: string; gzip: number } | null
  routes: { viewer: RouteBundle | null; editor: RouteBundle | null }
  chunks: { fileName: string; facade: string | null; isEntry: boolean; isDynamicEntry: boolean; gzip: number; bytes: number; moduleCount: number }[]
  css: { fileName: string; gzip: number }[]
  outDir: string
}
export function moduleGroup(id: string, root: string): string
export function analyzeBundle(options?: { root?: string; outDir?: string; keep?: boolean }): Promise<BundleAnalysis>
