/**
 * The viewer is code-split from the editor: opening a share link must not download Leva or any editor code.
 * Builds the app in memory (no files written) and walks the module graph of the viewer's chunks.
 */
import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { build, type Rolldown } from 'vite'

type Chunk = Rolldown.OutputChunk

test('the viewer chunks contain no Leva and no editor code', { timeout: 180_000 }, async () => {
  // vitest sets NODE_ENV=test, which would bundle React's development build: build as `vite build` does.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  let result: Awaited<ReturnType<typeof build>>
  try {
    result = await build({ mode: 'production', logLevel: 'silent', build: { write: false } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[]
  const chunks = new Map<string, Chunk>()
  for (const output of outputs) for (const item of output.output) if (item.type === 'chunk') chunks.set(item.fileName, item)

  const viewer = [...chunks.values()].find((chunk) => chunk.facadeModuleId?.endsWith('/src/viewer/index.tsx'))
  expect(viewer, 'the viewer is its own dynamic chunk').toBeDefined()
  const editor = [...chunks.values()].find((chunk) => chunk.facadeModuleId?.endsWith('/src/editor/index.tsx'))
  expect(editor, 'the editor is its own dynamic chunk').toBeDefined()

  // Everything the browser loads to show a share link: the entry, the viewer chunk and their static imports.
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry)!
  const loaded = new Set<string>()
  const visit = (fileName: string) => {
    if (loaded.has(fileName)) return
    loaded.add(fileName)
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported)
  }
  visit(entry.fileName)
  visit(viewer!.fileName)
  expect(loaded.has(editor!.fileName)).toBe(false)

  const modules = [...loaded].flatMap((fileName) => chunks.get(fileName)!.moduleIds)
  expect(modules.length).toBeGreaterThan(20)
  const forbidden = modules.filter((id) => /[\\/]node_modules[\\/](leva|@radix-ui|@stitches)[\\/]/.test(id) || /[\\/]src[\\/]editor[\\/]/.test(id))
  expect(forbidden).toEqual([])
  // The check can fail: the editor's own chunks do hold Leva.
  const editorModules = editor!.moduleIds.concat(editor!.imports.flatMap((f) => chunks.get(f)?.moduleIds ?? []))
  expect(editorModules.some((id) => /[\\/]node_modules[\\/]leva[\\/]/.test(id))).toBe(true)

  const sizes = [...loaded].map((fileName) => {
    const code = chunks.get(fileName)!.code
    return { fileName, kib: +(code.length / 1024).toFixed(1), gzipKib: +(gzipSync(code, { level: 9 }).length / 1024).toFixed(1) }
  })
  console.log('viewer route chunks (KiB):', JSON.stringify(sizes))
  console.log('total gzip KiB:', sizes.reduce((sum, s) => sum + s.gzipKib, 0).toFixed(1))
})
