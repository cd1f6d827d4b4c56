/** Prints the plain closing line CI reads: `vitest: N passed, N failed`. */
import type { Reporter, TestModule } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      let moduleFailures = 0
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') moduleFailures++
        else skipped++
      }
      // a file that failed outside its tests (import error, failing hook) counts as a failure too
      failed += module.state() === 'failed' ? Math.max(1, moduleFailures) : moduleFailures
    }
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
  }
}
