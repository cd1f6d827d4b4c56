#!/usr/bin/env node
// The `dreamscape` command. The CLI is TypeScript importing GLSL (the same layer declarations the app runs),
// which node cannot import directly, so this loads src/cli/main.ts through Vite's SSR module loader
// (bin/viteLoader.mjs) and runs it.
import { readFile, writeFile, access } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createModuleLoader } from './viteLoader.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => readFile(resolve(process.cwd(), path), 'utf8'),
  writeFile: (path, text) => writeFile(resolve(process.cwd(), path), text),
  fileExists: (path) => access(resolve(process.cwd(), path)).then(() => true, () => false),
}

let server
try {
  server = await createModuleLoader(root)
  const { main } = await server.ssrLoadModule('/src/cli/main.ts')
  process.exitCode = await main(process.argv.slice(2), io)
} catch (error) {
  process.stderr.write(`dreamscape: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 70
} finally {
  await server?.close()
}
