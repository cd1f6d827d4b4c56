#!/usr/bin/env node
// `npm run lint`: oxlint with the type-aware rules (.oxlintrc.json); a disable comment that no longer
// suppresses anything is an error, and so is one that does not say why. Extra arguments go to oxlint,
// e.g. `npm run lint -- src/core`.
import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

const oxlint = spawnSync('node_modules/.bin/oxlint', ['--report-unused-disable-directives-severity=error', ...process.argv.slice(2)], { stdio: 'inherit' })
if (oxlint.error) throw oxlint.error

// A reason is ` -- why` on the directive itself, or a comment line right above it.
const DIRECTIVE = /(?:eslint|oxlint)-disable(?:-next-line|-line)?\b/
const files = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.mjs', '*.js'], { encoding: 'utf8' })
const unexplained = []
for (const file of files.stdout.split('\n').filter((name) => name && !name.startsWith('dist/'))) {
  let lines
  try {
    lines = readFileSync(file, 'utf8').split('\n')
  } catch {
    continue // listed but deleted in the working tree
  }
  lines.forEach((line, i) => {
    const comment = line.match(/\/\/\s*(.*)$|\/\*\s*(.*?)\*\//)
    const text = comment?.[1] ?? comment?.[2]
    if (!text || !DIRECTIVE.test(text) || !text.startsWith('eslint-') && !text.startsWith('oxlint-')) return
    const above = lines[i - 1]?.trim() ?? ''
    if (/ -- \S/.test(text) || (above.startsWith('//') && !DIRECTIVE.test(above))) return
    unexplained.push(`${file}:${i + 1}: ${line.trim()}`)
  })
}
if (unexplained.length) console.error(`Disable comments without a reason (add " -- why" or a comment line above):\n  ${unexplained.join('\n  ')}`)
process.exit(oxlint.status !== 0 || unexplained.length ? 1 : 0)
