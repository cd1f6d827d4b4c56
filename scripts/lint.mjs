#!/usr/bin/env node
// `npm run lint`: oxlint with the type-aware rules (.oxlintrc.json). Extra arguments go to oxlint,
// e.g. `npm run lint -- src/core`.
import { spawnSync } from 'node:child_process'

const result = spawnSync('node_modules/.bin/oxlint', process.argv.slice(2), { stdio: 'inherit' })
if (result.error) throw result.error
process.exit(result.status ?? 1)
