#!/usr/bin/env node
// Modulation's CPU cost per frame (issue 15): evaluate + uniform writes for 32 bindings, in node (no GPU is
// involved). Loads bench/modulation.ts through the project's module loader. `--bindings=N` to vary the count;
// run as `node --expose-gc scripts/bench-modulation.mjs` for a heap figure measured from a collected start.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createModuleLoader } from '../bin/viteLoader.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const server = await createModuleLoader(root)
try {
  const { runModulationBench } = await server.ssrLoadModule('/bench/modulation.ts')
  const result = runModulationBench({ bindings: arg('bindings', 32), frames: arg('frames', 20_000) })
  const goal = 0.05
  console.log(
    `modulation: ${result.bindings} bindings (${result.sources} sources, ${result.boundParams} parameters): ` +
      `${(result.msPerFrame * 1000).toFixed(2)} µs per frame (median of ${result.batches.length} batches; goal ${goal * 1000} µs); ` +
      `heap ${result.heapBytesPerFrame.toFixed(1)} bytes/frame`,
  )
  if (result.msPerFrame > goal) process.exitCode = 1
} finally {
  await server.close()
}
