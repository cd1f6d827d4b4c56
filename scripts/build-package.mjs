#!/usr/bin/env node
// The installable package (`npm pack` runs this through `prepack`), written to dist/package/:
//   index.js     `dreamscape`          the library: declarations, presets, scene, mountDreamscape, <Dreamscape>
//   preset.js    `dreamscape/preset`   loader, serializer, links, journeys, JSON Schema: no three, react or GLSL
//   element.js   `dreamscape/element`  defines <dream-scape>
//   cli/main.js  the `dreamscape` command (node; GLSL inlined)
//   render/      the headless page `dreamscape render` draws stills and videos with
//   types/       declarations (tsc --emitDeclarationOnly)
//   demo/        a static page showing <dream-scape> (docs/element-demo.html, bundled)
// Dependencies stay external (the installing project resolves them), except in the demo page.
// The app build (`vite build` -> dist/) is separate and untouched.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import react from '@vitejs/plugin-react'
import glsl from 'vite-plugin-glsl'
import { createModuleLoader } from '../bin/viteLoader.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = resolve(root, 'dist/package')
const DEMO_PRESETS = ['unfiltered-night-sky.json', 'bedtime-to-dawn.json', 'insomnia-streets.json']
const SUMMARIES_ID = 'virtual:dreamscape-layer-summaries'

/** The built-in layer types as data (no shaders), read from the real registry: one source of truth. */
async function layerSummaries() {
  const loader = await createModuleLoader(root)
  try {
    const { layerTypes } = await loader.ssrLoadModule('/src/layers/index.ts')
    const { summarizeLayer } = await loader.ssrLoadModule('/src/package/layerSummaries.ts')
    return layerTypes.map(summarizeLayer)
  } finally {
    await loader.close()
  }
}

function summariesPlugin(summaries) {
  return {
    name: 'dreamscape-layer-summaries',
    resolveId: (id) => (id === SUMMARIES_ID ? `\0${SUMMARIES_ID}` : undefined),
    load: (id) => (id === `\0${SUMMARIES_ID}` ? `export default ${JSON.stringify(summaries)}` : undefined),
  }
}

/** Bare imports ('three', 'react/jsx-runtime', 'node:fs') are the installing project's, never bundled. */
const nodeBuiltins = new Set(builtinModules)
const isExternal = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !id.startsWith('virtual:') && !/^[A-Za-z]:[\\/]/.test(id)

const common = (summaries) => ({
  root,
  configFile: false,
  envDir: false,
  logLevel: 'warn',
  mode: 'production',
  plugins: [react(), glsl({ removeDuplicatedImports: true, warnDuplicatedImports: false }), summariesPlugin(summaries)],
})

export async function buildPackage({ log = (text) => process.stdout.write(`${text}\n`) } = {}) {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production' // React's production build, whatever runs this (vitest sets "test")
  try {
    rmSync(outDir, { recursive: true, force: true })
    const summaries = await layerSummaries()
    log(`layer summaries: ${summaries.length} types`)

    await build({
      ...common(summaries),
      build: {
        outDir,
        emptyOutDir: false,
        target: 'es2022',
        sourcemap: true,
        minify: false, // the installing project minifies; readable code in node_modules helps its authors
        lib: {
          entry: { index: 'src/package/index.ts', preset: 'src/package/preset.ts', element: 'src/element/index.ts' },
          formats: ['es'],
        },
        rolldownOptions: {
          external: isExternal,
          output: { chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    })
    log('library: dist/package/{index,preset,element}.js')

    await build({
      ...common(summaries),
      build: {
        outDir: resolve(outDir, 'cli'),
        emptyOutDir: false,
        target: 'node20',
        ssr: 'src/cli/main.ts',
        rolldownOptions: { external: (id) => isExternal(id) || nodeBuiltins.has(id), output: { entryFileNames: 'main.js' } },
      },
      ssr: { noExternal: [] },
    })
    log('command: dist/package/cli/main.js')

    await build({
      ...common(summaries),
      base: './',
      resolve: { alias: { 'dreamscape/element': resolve(root, 'src/element/index.ts') } },
      build: { outDir: resolve(outDir, 'demo'), emptyOutDir: false, target: 'es2022', chunkSizeWarningLimit: 2000, rolldownOptions: { input: resolve(root, 'docs/element-demo.html') } },
    })
    // the headless render page for `dreamscape render` in an installed package (src/cli/renderServer.ts)
    await build({
      ...common(summaries),
      base: './',
      build: { outDir: resolve(outDir, 'render'), emptyOutDir: false, target: 'es2022', chunkSizeWarningLimit: 5000, rolldownOptions: { input: resolve(root, 'render.html') } },
    })
    log('render page: dist/package/render/render.html')

    // the page loads presets by URL (../presets/x.json), like a site would
    mkdirSync(resolve(outDir, 'demo/presets'), { recursive: true })
    for (const name of DEMO_PRESETS) copyFileSync(resolve(root, 'presets', name), resolve(outDir, 'demo/presets', name))
    log('demo page: dist/package/demo/docs/element-demo.html')

    emitDeclarations()
    log('types: dist/package/types')
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

/** Type declarations from the same sources, with the project's compiler options (TypeScript 7's tsc). */
function emitDeclarations() {
  const configDir = resolve(root, 'node_modules/.cache/dreamscape-package')
  mkdirSync(configDir, { recursive: true })
  const config = {
    extends: resolve(root, 'tsconfig.json'),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: resolve(root, 'src'),
      outDir: resolve(outDir, 'types'),
      types: ['node', 'vite/client', 'vite-plugin-glsl/ext'],
      noUnusedLocals: false,
    },
    files: ['src/package/index.ts', 'src/package/preset.ts', 'src/element/index.ts', 'src/package/virtual.d.ts'].map((file) => resolve(root, file)),
    include: [],
  }
  const configPath = resolve(configDir, 'tsconfig.json')
  writeFileSync(configPath, JSON.stringify(config, null, 2))
  const tsc = resolve(root, 'node_modules/.bin/tsc')
  const result = spawnSync(tsc, ['-p', configPath], { cwd: root, encoding: 'utf8' })
  // Errors in files the package does not export are other work in progress: only a missing output is fatal.
  if (result.status !== 0) process.stderr.write(`tsc reported problems while emitting declarations:\n${result.stdout}${result.stderr}`)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildPackage().catch((error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  })
}
