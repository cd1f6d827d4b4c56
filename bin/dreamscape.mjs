#!/usr/bin/env node
// The `dreamscape` command. The CLI is TypeScript importing GLSL (the same layer declarations the app runs),
// which node cannot import directly, so this starts Vite's SSR module loader (no HTTP server, no file
// watcher, no dependency pre-bundling) on the package root, loads src/cli/main.ts and runs it.
import { readFile, writeFile, access } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

async function start() {
  const [{ createServer }, { default: glsl }] = await Promise.all([import('vite'), import('vite-plugin-glsl')])
  return createServer({
    root,
    configFile: false,
    envFile: false,
    logLevel: 'error',
    appType: 'custom',
    cacheDir: resolve(root, 'node_modules/.vite-cli'),
    plugins: [glsl({ removeDuplicatedImports: true, warnDuplicatedImports: false })],
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  })
}

const io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => readFile(resolve(process.cwd(), path), 'utf8'),
  writeFile: (path, text) => writeFile(resolve(process.cwd(), path), text),
  fileExists: (path) => access(resolve(process.cwd(), path)).then(() => true, () => false),
}

let server
try {
  server = await start()
  const { main } = await server.ssrLoadModule('/src/cli/main.ts')
  process.exitCode = await main(process.argv.slice(2), io)
} catch (error) {
  process.stderr.write(`dreamscape: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 70
} finally {
  await server?.close()
}
