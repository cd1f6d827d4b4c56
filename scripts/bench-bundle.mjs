/**
 * Bundle sizes per route, from a real `vite build` of the app with the project's own config.
 *
 * A route's initial JS is the entry chunk (index.html -> src/main.tsx) plus the route's lazily imported chunk
 * (src/viewer/index.tsx or src/editor/index.tsx), each with its static imports. What each dependency costs
 * is estimated per chunk: every module's rendered code is grouped (package or src folder), each group is
 * gzipped on its own, and the chunk's real gzip size is shared out in proportion.
 * Used by `npm run bench` (scripts/bench.mjs) and by the budget test (tests/unit/quality-bundle-budget.test.ts).
 */
import { gzipSync } from 'node:zlib'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const gzipSize = (text) => gzipSync(Buffer.from(text), { level: 9 }).length

/** "node_modules/@react-three/fiber/dist/x.js" -> "@react-three/fiber"; "/src/scene/x.ts" -> "src/scene". */
export function moduleGroup(id, root) {
  const clean = id.replace(/\0/g, '').replace(/\?.*$/, '')
  const nm = clean.lastIndexOf('node_modules/')
  if (nm >= 0) {
    const parts = clean.slice(nm + 'node_modules/'.length).split('/')
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? clean)
  }
  const rel = path.relative(root, clean)
  if (rel.startsWith('..') || path.isAbsolute(rel)) return 'bundler runtime'
  const parts = rel.split(path.sep)
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0] ?? rel
}

/**
 * Build the app and measure it.
 * @param {{ root?: string, outDir?: string, keep?: boolean }} [options]
 */
export async function analyzeBundle(options = {}) {
  const root = options.root ?? process.cwd()
  const outDir = options.outDir ?? mkdtempSync(path.join(tmpdir(), 'dreamscape-bundle-'))
  const { build } = await import('vite')
  const started = performance.now()
  // vitest sets NODE_ENV=test, which would make vite bundle React's development build
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  let result
  try {
    result = await build({
      root,
      mode: 'production',
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  const buildMs = performance.now() - started
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output)
  const chunks = new Map()
  for (const item of outputs) {
    if (item.type !== 'chunk') continue
    const groups = new Map()
    for (const [id, mod] of Object.entries(item.modules)) {
      const group = moduleGroup(id, root)
      groups.set(group, (groups.get(group) ?? '') + (mod.code ?? ''))
    }
    const gzip = gzipSize(item.code)
    const separate = [...groups].map(([group, code]) => [group, code.length ? gzipSize(code) : 0])
    const total = separate.reduce((sum, [, size]) => sum + size, 0) || 1
    chunks.set(item.fileName, {
      fileName: item.fileName,
      facade: item.facadeModuleId ? path.relative(root, item.facadeModuleId) : null,
      isEntry: item.isEntry,
      isDynamicEntry: item.isDynamicEntry,
      imports: item.imports,
      dynamicImports: item.dynamicImports,
      bytes: Buffer.byteLength(item.code),
      gzip,
      modules: Object.keys(item.modules).map((id) => path.relative(root, id.replace(/\0/g, ''))),
      groups: Object.fromEntries(separate.map(([group, size]) => [group, Math.round((size / total) * gzip)])),
    })
  }
  const css = outputs.filter((o) => o.type === 'asset' && o.fileName.endsWith('.css')).map((o) => ({ fileName: o.fileName, gzip: gzipSize(o.source) }))

  const closure = (fileNames) => {
    const seen = new Set()
    const visit = (name) => {
      if (seen.has(name) || !chunks.has(name)) return
      seen.add(name)
      for (const dep of chunks.get(name).imports) visit(dep)
    }
    fileNames.forEach(visit)
    return [...seen]
  }
  const entry = [...chunks.values()].find((c) => c.isEntry)
  const routeChunk = (dir) => [...chunks.values()].find((c) => c.isDynamicEntry && c.facade && c.facade.startsWith(`src/${dir}/`))
  const describeRoute = (dir) => {
    const lazy = routeChunk(dir)
    if (!entry || !lazy) return null
    const files = closure([entry.fileName, lazy.fileName])
    const parts = files.map((f) => chunks.get(f))
    const dependencies = {}
    for (const chunk of parts)
      for (const [group, size] of Object.entries(chunk.groups)) dependencies[group] = (dependencies[group] ?? 0) + size
    return {
      chunks: parts.map((c) => ({ fileName: c.fileName, gzip: c.gzip, bytes: c.bytes })),
      gzip: parts.reduce((sum, c) => sum + c.gzip, 0),
      bytes: parts.reduce((sum, c) => sum + c.bytes, 0),
      modules: parts.flatMap((c) => c.modules),
      dependencies: Object.fromEntries(Object.entries(dependencies).sort((a, b) => b[1] - a[1])),
    }
  }
  const analysis = {
    buildMs,
    entry: entry ? { fileName: entry.fileName, gzip: entry.gzip } : null,
    routes: { viewer: describeRoute('viewer'), editor: describeRoute('editor') },
    chunks: [...chunks.values()].map(({ modules, ...rest }) => ({ ...rest, moduleCount: modules.length })),
    css,
    outDir,
  }
  if (!options.keep && !options.outDir) rmSync(outDir, { recursive: true, force: true })
  return analysis
}
