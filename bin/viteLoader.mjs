// Loads the project's TypeScript (which imports GLSL) in node through Vite's SSR module loader: no HTTP
// server, no file watcher, no dependency pre-bundling. Shared by the `dreamscape` command and the scripts.
import { resolve } from 'node:path'

export async function createModuleLoader(root) {
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
    // r3f's package resolves to its CommonJS build under node, which require()s three and prints three's
    // CJS deprecation warning on every command; transformed by Vite it imports three's ES module instead.
    ssr: { noExternal: ['@react-three/fiber'] },
  })
}
