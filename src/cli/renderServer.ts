/**
 * Where the headless renderer's page comes from. In this repository: Vite serving render.html from the
 * sources (the scene code as it is now). In the installed package, which has no sources: the page built by
 * scripts/build-package.mjs (dist/package/render/), served as static files. Either way from
 * http://127.0.0.1, a secure context, so WebCodecs' VideoEncoder exists for `--video`.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface RenderPageServer {
  port: number
  kind: 'sources' | 'built'
  close(): Promise<void>
}

/** dist/package/render/ next to the built command (dist/package/cli/main.js); undefined in the sources. */
export function builtRenderPage(): string | undefined {
  try {
    // built from parts so bundlers do not mistake it for an asset to copy
    const dir = fileURLToPath(new URL(['..', 'render', ''].join('/'), import.meta.url))
    return existsSync(join(dir, 'render.html')) ? dir : undefined
  } catch {
    return undefined
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
}

function listen(server: Server): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port))
  })
}

async function serveBuilt(dir: string): Promise<RenderPageServer> {
  const root = resolve(dir)
  const server = createServer((request, response) => {
    const path = resolve(root, `.${decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)}`)
    if (!path.startsWith(root + sep)) return void response.writeHead(403).end()
    readFile(path).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    )
  })
  const port = await listen(server)
  return {
    port,
    kind: 'built',
    close: () => new Promise((done) => {
      server.closeAllConnections()
      server.close(() => done())
    }),
  }
}

async function serveSources(root: string): Promise<RenderPageServer> {
  const { createServer: createViteServer } = await import('vite')
  const server = await createViteServer({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    logLevel: 'error',
    clearScreen: false,
    // its own cache: the dev server and test runs optimise dependencies at the same time elsewhere
    cacheDir: resolve(root, 'node_modules/.vite-render'),
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    optimizeDeps: { entries: ['render.html'] },
  })
  try {
    await server.listen()
    const port = (server.httpServer?.address() as AddressInfo | null)?.port
    if (!port) throw new Error('the render server did not start')
    return { port, kind: 'sources', close: () => server.close() }
  } catch (error) {
    await server.close().catch(() => {})
    throw error
  }
}

export function startRenderPageServer(root: string): Promise<RenderPageServer> {
  const built = builtRenderPage()
  return built ? serveBuilt(built) : serveSources(root)
}
