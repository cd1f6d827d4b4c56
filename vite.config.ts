/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import glsl from 'vite-plugin-glsl'
import { playwright } from '@vitest/browser-playwright'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// Pre-bundled once, so the first browser test does not reload mid-run and load a second copy of three.
const sharedDeps = [
  'three',
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-dev-runtime',
  'react/jsx-runtime',
  '@react-three/fiber',
  '@react-three/drei',
  'postprocessing',
  'leva',
  'zustand',
  'zustand/vanilla',
  'simplex-noise',
  'zod',
  'fflate',
  'mediabunny',
  'uqr',
]

export default defineConfig(({ command }) => ({
  // Relative asset URLs: the built site works from any sub-path of any static host.
  base: './',
  // Built sites ship shader files without comments and indentation (the plugin's minifier): the viewer's initial
  // JS carries every layer's GLSL. Dev, tests and the CLI (a dev server) see the sources as written.
  plugins: [react(), glsl({ removeDuplicatedImports: true, warnDuplicatedImports: false, minify: command === 'build' })],
  optimizeDeps: {
    include: sharedDeps,
    // The dev server scans the app's own pages for imports, not docs/element-demo.html: that page shows how to
    // embed the published package (it imports "dreamscape/element"), which this checkout does not resolve, and the
    // failed scan printed an error on a newcomer's first `npm run dev`. Vitest scans its test files itself.
    ...(process.env.VITEST ? {} : { entries: ['index.html', 'render.html', 'bench/*.html'] }),
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    reporters: ['default', './tests/summaryReporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/browser/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: chromium,
                args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
}))
