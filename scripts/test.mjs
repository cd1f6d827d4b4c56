#!/usr/bin/env node
// Browser tests need Debian's Chromium (WebGL2 through SwiftShader). Install it when missing and we are
// root; otherwise stop with the exact command to run. Never downloads a browser build of its own.
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const command = 'apt-get update && apt-get install -y chromium'
if (!isRoot) {
  console.error(`Chromium was not found at ${path}. Install Debian's chromium, then run npm test again:\n  sudo ${command}\n(or set CHROMIUM_PATH to an existing Chromium binary)`)
  process.exit(1)
}
console.log(`Chromium not found at ${path}; installing Debian's chromium (about 30 s)...`)
execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing; set CHROMIUM_PATH to your Chromium binary.`)
  process.exit(1)
}
