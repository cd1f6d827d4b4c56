#!/usr/bin/env node
// `npm test` on a fresh machine: install what the tests need, then type-check and run every test (node and
// real Chromium). Extra arguments go to vitest, e.g. `npm test -- --project unit`.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false, ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

// 1. Packages: a fresh clone has none yet.
if (!existsSync('node_modules/.bin/vitest')) {
  console.log('Installing packages (npm ci)...')
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1)
}

// 2. Browser tests need Debian's Chromium (WebGL2 through SwiftShader). Install it when missing and we are
//    root; otherwise stop with the exact command. Never downloads a browser build of its own.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const command = 'apt-get update && apt-get install -y chromium'
  if (!isRoot) {
    console.error(`Chromium was not found at ${chromium}. Install Debian's chromium, then run npm test again:\n  sudo ${command}\n(or set CHROMIUM_PATH to an existing Chromium binary)`)
    process.exit(1)
  }
  console.log(`Chromium not found at ${chromium}; installing Debian's chromium (about 30 s)...`)
  if (run('sh', ['-c', command], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) !== 0 || !existsSync(chromium)) {
    console.error(`Could not install Chromium; set CHROMIUM_PATH to your Chromium binary.`)
    process.exit(1)
  }
}

// 3. Strict TypeScript, the linter (type-aware rules, React hooks rules), then every test.
if (run('node_modules/.bin/tsc', ['--noEmit']) !== 0) {
  console.error('TypeScript errors (above): fix them before the tests run.')
  console.log('vitest: 0 passed, 1 failed')
  process.exit(1)
}
if (run('node', ['scripts/lint.mjs']) !== 0) {
  console.error('Lint errors (above): fix them before the tests run.')
  console.log('vitest: 0 passed, 1 failed')
  process.exit(1)
}
process.exit(run('node_modules/.bin/vitest', ['run', ...process.argv.slice(2)]))
