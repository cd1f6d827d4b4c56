/**
 * Is a shader edit faster? An A/B of shader-source variants on one cost case, without editing files (issue 14):
 * the bench page served by vite's dev server, one context per variant (the variant's function rewrites every shader
 * source compiled in that context), frames drawn in turn across the contexts (order reversed every other round),
 * and per variant the median frame and the median of the paired differences against the unchanged code.
 *
 *   node scripts/shader-ab.mjs variants.mjs case [--size=640x360] [--frames=24]
 *   variants.mjs: a module whose default export maps names to (source) => source, e.g.
 *     export default { half: (s) => s.replace('float n = float(steps);', 'float n = float(steps / 2);') }
 *   case: as in cost-probe.mjs (empty | layer:<type> | preset:<name>, @reference)
 *
 * Two contexts running the same code differ by up to ~3 ms a frame here (where each one's memory lands), so the
 * unchanged code runs twice, first and last (`base`, `control`): a variant's difference means something only well
 * outside theirs. `changed` counts the sources a variant rewrote: 0 means its pattern matched nothing (the sources
 * arrive as compiled, with the layer's names prefixed and comments blanked). Writes nothing.
 */
import { commandLine, openDevBenchPage, serveToPage } from './devBenchPage.mjs'

const { option, width, height, cases } = commandLine()
const [variantsFile, id] = cases
if (!variantsFile || !id) {
  console.error('usage: node scripts/shader-ab.mjs variants.mjs case [--size=WxH] [--frames=N]')
  process.exit(2)
}
const frames = Number(option('frames', '24'))
const variantsUrl = serveToPage(variantsFile, 'shader-ab-variants.mjs')

const { page, close } = await openDevBenchPage()
try {
  const result = await page.evaluate(
    async ([id, size, frames, url]) => {
      const variants = { base: null, ...(await import(url)).default, control: null }
      const { mountCostRig } = await import('/bench/appRig.tsx')
      const prototype = WebGL2RenderingContext.prototype
      const shaderSource = prototype.shaderSource
      const changed = {}
      let current = 'base'
      prototype.shaderSource = function (shader, source) {
        const rewrite = variants[current]
        const rewritten = rewrite ? rewrite(source) : source
        if (rewritten !== source) changed[current] = (changed[current] ?? 0) + 1
        return shaderSource.call(this, shader, rewritten)
      }
      const names = Object.keys(variants)
      const rigs = {}
      const times = {}
      try {
        for (const name of names) {
          current = name
          rigs[name] = await mountCostRig(size[0], size[1], id)
          for (let i = 0; i < 6; i++) rigs[name].frame(6 + i * 0.05) // compiles, first uploads
          times[name] = []
        }
        for (let i = 0; i < frames; i++) {
          for (const name of i % 2 ? [...names].reverse() : names) {
            current = name
            times[name].push(rigs[name].frame(6 + i * 0.05))
          }
        }
      } finally {
        prototype.shaderSource = shaderSource
        for (const rig of Object.values(rigs)) rig.dispose()
      }
      const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]
      return names.map((name) => ({
        name,
        ms: median(times[name]),
        paired: median(times[name].map((t, i) => t - times.base[i])),
        changed: changed[name] ?? 0,
      }))
    },
    [id, [width, height], frames, variantsUrl],
  )
  console.log(`${id} at ${width}x${height}, ${frames} frames per variant`)
  for (const { name, ms, paired, changed } of result)
    console.log(`${name.padEnd(16)} ${ms.toFixed(1).padStart(7)} ms   paired vs base ${paired >= 0 ? '+' : ''}${paired.toFixed(2)} ms   changed ${changed} source(s)`)
} finally {
  await close()
}
