/**
 * `npm run dev` on a fresh machine: the dev server's first dependency scan finds every import of the app's pages
 * and prints no error (docs/element-demo.html imports the published package's name, which a checkout does not
 * resolve: scanned, it failed the whole scan, printed "(!) Failed to run dependency scan" and left pre-bundling to
 * page loads, which then reload mid-session).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createLogger, createServer, type ViteDevServer } from 'vite'
import { afterAll, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const cacheDir = mkdtempSync(join(tmpdir(), 'dreamscape-dev-scan-'))
let server: ViteDevServer | undefined

afterAll(async () => {
  await server?.close()
  rmSync(cacheDir, { recursive: true, force: true })
})

test('the dev server scans the app for dependencies without an error, as on a first `npm run dev`', { timeout: 120_000 }, async () => {
  const errors: string[] = []
  const logger = createLogger('warn')
  logger.error = (message) => void errors.push(message)
  // the config leaves the scan to vitest under vitest: load it as `npm run dev` does
  const underVitest = process.env.VITEST
  delete process.env.VITEST
  try {
    // a cache of its own: a first run, and the tests' own pre-bundled dependencies stay untouched
    server = await createServer({ root, configFile: join(root, 'vite.config.ts'), cacheDir, customLogger: logger, server: { port: 0, host: '127.0.0.1' } })
  } finally {
    if (underVitest !== undefined) process.env.VITEST = underVitest
  }
  await server.listen()
  const optimizer = server.environments.client.depsOptimizer
  expect(optimizer, 'the client environment pre-bundles dependencies').toBeTruthy()
  // the scan starts as the server starts; wait for it (it logs its failure before it settles)
  await optimizer!.init()
  await optimizer!.scanProcessing
  expect(errors.join('\n')).toBe('')
  // the scan ran: it found dependencies beyond those the config lists itself (optimizeDeps.include)
  const listed = new Set(server.config.optimizeDeps.include)
  const found = Object.keys({ ...optimizer!.metadata.discovered, ...optimizer!.metadata.optimized })
  expect(found.filter((dependency) => !listed.has(dependency))).not.toEqual([])
})
