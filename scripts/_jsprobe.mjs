import { commandLine, openDevBenchPage } from './devBenchPage.mjs'
const { width, height, cases: ids } = commandLine()
const { page, close } = await openDevBenchPage()
try {
  await page.evaluate(() => {
    const P = WebGL2RenderingContext.prototype
    const read = P.readPixels
    window.__reads = []
    P.readPixels = function (...a) { const t = performance.now(); const r = read.apply(this, a); window.__reads.push([performance.now() - t, this.canvas.id || this.canvas.width + 'x' + (this.__n ??= Math.random().toString(36).slice(2,5))]); return r }
  })
  for (const id of ids) {
    await page.evaluate(() => (window.__reads = []))
    const result = await page.evaluate(([list, size]) => window.dreamBench.pairedCost(list, size, 5), [[id], [width, height]])
    const reads = await page.evaluate(() => window.__reads)
    const byCtx = {}
    for (const [d, k] of reads) (byCtx[k] ??= []).push(d.toFixed(1))
    console.log(id, 'frame ms', result[id].ms.toFixed(1), 'fbm5', result.fbm5.ms.toFixed(1))
    console.log(JSON.stringify(byCtx))
  }
} finally { await close() }
