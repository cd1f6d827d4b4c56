/**
 * The bench page (bench/index.html) served by vite's dev server (no builds) in headless Chromium with SwiftShader,
 * ready for `window.dreamBench` calls: shared by the quick tools (cost-probe.mjs, look-check.mjs).
 */
import fs from 'node:fs'
import { createServer } from 'vite'
import { chromium } from 'playwright-core'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The quick tools' command line: `--name=value` options, the picture size (`--size=WxH`, 640x360 by default) and
 * the cases (every argument that is not an option).
 */
export function commandLine(args = process.argv.slice(2)) {
  const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
  const [width, height] = option('size', '640x360').split('x').map(Number)
  return { option, width, height, cases: args.filter((a) => !a.startsWith('--')) }
}

/**
 * Copies `file` (a module of shader variants, say) into the dev server's own ignored scratch folder, so the page can
 * import it as a module; returns the URL to import it by.
 */
export function serveToPage(file, name) {
  const url = `/bench/tmp/${name}`
  const served = path.join(root, url)
  fs.mkdirSync(path.dirname(served), { recursive: true })
  fs.copyFileSync(file, served)
  return url
}

/** Opens the page; `close()` ends the browser and the server (call it in a finally). */
export async function openDevBenchPage() {
  const server = await createServer({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } })
  await server.listen()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'],
  })
  const close = async () => {
    await browser.close()
    await server.close()
  }
  try {
    const page = await browser.newPage()
    page.on('pageerror', (e) => console.error(String(e).slice(0, 300)))
    await page.goto(`${server.resolvedUrls.local[0]}bench/index.html`, { waitUntil: 'load' })
    await page.waitForFunction(() => 'dreamBench' in window, null, { timeout: 120_000 })
    await page.evaluate(() => window.dreamBench.info())
    return { page, close }
  } catch (error) {
    await close()
    throw error
  }
}
