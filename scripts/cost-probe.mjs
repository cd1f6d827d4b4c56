/**
 * A quick, write-nothing look at frame cost over the raw fbm5 yardstick (issue 14), for iterating on a layer or
 * the output stage: the bench page served by vite's dev server (no builds), `pairedCost` from bench/bench.tsx
 * (each case in its own context, paired rounds with an fbm5 frame), ratios printed. `npm run bench` is the record.
 *
 *   node scripts/cost-probe.mjs [--size=640x360] [--rounds=4] [--reference] case ...
 *   cases: empty | empty-unlimited | layer:<type> | preset:<name>   (add @reference for reference mode)
 */
import { commandLine, openDevBenchPage } from './devBenchPage.mjs'

const { option, width, height, cases: ids } = commandLine()
const rounds = Number(option('rounds', '4'))
if (ids.length === 0) {
  console.error('usage: node scripts/cost-probe.mjs [--size=WxH] [--rounds=N] case ...  (empty, layer:<type>, preset:<name>, @reference)')
  process.exit(2)
}
// a layer's own cost needs the empty frame of the same rounds
const measured = ids.some((id) => id.startsWith('layer:')) && !ids.includes('empty') ? [...ids, 'empty'] : ids

const { page, close } = await openDevBenchPage()
try {
  const result = await page.evaluate(([list, size, n]) => window.dreamBench.pairedCost(list, size, n), [measured, [width, height], rounds])
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]
  console.log(`${width}x${height}, ${rounds} rounds, fbm5 ${result.fbm5.ms.toFixed(1)} ms/frame`)
  for (const id of ids) {
    const own = result.empty && id.startsWith('layer:') ? `  own ${median(result[id].ratios.map((r, i) => r - result.empty.ratios[i])).toFixed(2)}` : ''
    console.log(`${id.padEnd(48)} ${result[id].ratio.toFixed(2)} x fbm5  (${result[id].ms.toFixed(1)} ms)${own}`)
  }
} finally {
  await close()
}
