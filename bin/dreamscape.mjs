#!/usr/bin/env node
// The `dreamscape` command. The CLI is TypeScript importing GLSL (the same layer declarations the app runs),
// which node cannot import directly, so in this repository this loads src/cli/main.ts through Vite's SSR
// module loader (bin/viteLoader.mjs) and runs it. An installed package has no sources: it runs the build
// (dist/package/cli/main.js, GLSL inlined; see scripts/build-package.mjs).
import { existsSync } from 'node:fs'
import { readFile, writeFile, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => readFile(resolve(process.cwd(), path), 'utf8'),
  writeFile: (path, text) => writeFile(resolve(process.cwd(), path), text),
  stat: (path) => stat(resolve(process.cwd(), path)).then((info) => ({ size: info.size, isFile: info.isFile() }), () => undefined),
}

// `dreamscape schema | head`: the reader went away, which is not an error of ours. Stop quietly, with the
// status a shell gives a process ended by SIGPIPE (128 + 13).
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(141)
    throw error
  })

let server
try {
  let main
  if (existsSync(resolve(root, 'src/cli/main.ts'))) {
    const { createModuleLoader } = await import('./viteLoader.mjs')
    server = await createModuleLoader(root)
    ;({ main } = await server.ssrLoadModule('/src/cli/main.ts'))
  } else {
    ;({ main } = await import('../dist/package/cli/main.js'))
  }
  process.exitCode = await main(process.argv.slice(2), io)
} catch (error) {
  process.stderr.write(`dreamscape: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 70
} finally {
  await server?.close()
}
