#!/usr/bin/env node
// Screenshots of the studio at the sizes its layout is tested at (issue 12.3): docs/studio-<w>x<h>.jpg, plus the
// share dialog at 1100x700. One Vite dev server and one Chromium (playwright-core, the system's Chromium).
//   node scripts/studio-screenshots.mjs [--preset celestes-masterpiece]
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { createServer } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const presetIndex = args.indexOf('--preset')
const preset = presetIndex >= 0 ? args[presetIndex + 1] : 'celestes-masterpiece'
const SIZES = [
  [1024, 640],
  [1100, 700],
  [1440, 900],
]

/**
 * Clicks through the DOM: Playwright's actionability wait needs steady animation frames, and a software-rendered
 * studio at 1440x900 draws a frame every second or two.
 */
async function clickText(page, selector, text) {
  const clicked = await page.evaluate(
    ([selector, text]) => {
      const target = [...document.querySelectorAll(selector)].find((element) => element.textContent?.trim() === text)
      target?.click()
      return !!target
    },
    [selector, text],
  )
  if (!clicked) throw new Error(`no "${text}" in ${selector}`)
}

const server = await createServer({ root, logLevel: 'error', server: { port: 0, host: '127.0.0.1', hmr: false, watch: null } })
await server.listen()
const address = server.httpServer.address()
const base = `http://127.0.0.1:${address.port}/`
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'],
})
try {
  // A first visit lets Vite finish optimising dependencies (it reloads the page once when it does).
  const warmUp = await browser.newPage({ viewport: { width: 640, height: 400 } })
  await warmUp.goto(base)
  await warmUp.waitForTimeout(8000)
  await warmUp.waitForSelector('.ds-layer', { timeout: 60_000 })
  await warmUp.close()
  for (const [width, height] of SIZES) {
    const page = await browser.newPage({ viewport: { width, height } })
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`))
    await page.goto(base)
    await page.waitForSelector('.ds-layer', { timeout: 60_000 })
    // open the preset from the gallery, as an artist would
    await clickText(page, '.ds-toolbar button', 'Gallery')
    await page.waitForSelector(`.ds-card[data-preset="${preset}"]`)
    await clickText(page, `.ds-card[data-preset="${preset}"] button`, 'Open')
    // the "Opened" notice is news, not part of the studio's look
    await clickText(page, '.ds-notice button', 'Dismiss').catch(() => {})
    // let the shaders compile and a few frames land (software rendering: seconds)
    await page.waitForTimeout(9000)
    await clickText(page, '.ds-toolbar button', 'Pause')
    await page.waitForTimeout(1500)
    const path = resolve(root, 'docs', `studio-${width}x${height}.jpg`)
    await page.screenshot({ path, type: 'jpeg', quality: 82, timeout: 240_000 })
    process.stdout.write(`wrote docs/studio-${width}x${height}.jpg\n`)
    if (width === 1100) {
      await clickText(page, '.ds-toolbar button', 'Share')
      await page.waitForSelector('.ds-share svg[role="img"]', { timeout: 20_000 })
      await page.waitForTimeout(500)
      await page.screenshot({ path: resolve(root, 'docs', 'studio-share.jpg'), type: 'jpeg', quality: 82, timeout: 240_000 })
      process.stdout.write('wrote docs/studio-share.jpg\n')
    }
    await page.close()
  }
} finally {
  await browser.close()
  await server.close()
}
