import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { main, commands, type CliIo } from '../../src/cli/main'
import { registry } from '../../src/layers'
import { decodeLink } from '../../src/preset/link'
import { loadPreset } from '../../src/preset/load'
import { documentJsonSchema } from '../../src/preset/schema'

const root = join(import.meta.dirname, '../..')
const run = promisify(execFile)

/** Runs `dreamscape` in-process with files read from the repository. */
async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const written = new Map<string, string>()
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readFile: async (path) => readFileSync(join(root, path), 'utf8'),
    writeFile: async (path, text) => void written.set(path, text),
    fileExists: async (path) => {
      try {
        readFileSync(join(root, path))
        return true
      } catch {
        return false
      }
    },
  }
  const code = await main(argv, io)
  return { code, out: out.join('\n'), err: err.join('\n'), written }
}

const presetFiles = readdirSync(join(root, 'presets'))
  .filter((f) => f.endsWith('.json') && f !== 'dreamscape.schema.json')
  .map((f) => `presets/${f}`)

describe('the dreamscape command, as a process (bin/dreamscape.mjs through Vite)', () => {
  it('validates every built-in preset strictly (what CI runs)', async () => {
    const files = presetFiles.length ? presetFiles : ['tests/fixtures/v1/full.json']
    const { stdout, stderr } = await run(process.execPath, ['bin/dreamscape.mjs', 'validate', '--strict', ...files], { cwd: root, timeout: 90_000 })
    for (const file of files) expect(stdout).toContain(`ok    ${file}`)
    expect(stderr).toBe('') // quiet: Vite says nothing
  }, 120_000)

  it('exits non-zero with the reason when an input is invalid', async () => {
    const failure = await run(process.execPath, ['bin/dreamscape.mjs', 'validate', 'tests/fixtures/v1/minimal.json', 'tests/fixtures/hostile/future-version.json'], {
      cwd: root,
      timeout: 90_000,
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    )
    expect(failure?.code).toBe(1)
    expect(failure?.stdout).toMatch(/^ok {4}tests\/fixtures\/v1\/minimal\.json/)
    expect(failure?.stdout).toMatch(/newer Dreamscape.*\[future-version\]/)
    expect(failure?.stdout).toMatch(/1 of 2 valid/)
  }, 120_000)
})

describe('dreamscape commands', () => {
  it('has a command table (validate, link, decode, schema) and a usage text', async () => {
    expect(Object.keys(commands)).toEqual(expect.arrayContaining(['validate', 'link', 'decode', 'schema']))
    const help = await cli('--help')
    expect(help.code).toBe(0)
    for (const name of Object.keys(commands)) expect(help.out).toContain(`  ${name}`)
    expect((await cli()).code).toBe(2)
    const unknown = await cli('paint')
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/unknown command "paint"/)
    expect((await cli('validate', '--help')).out).toMatch(/--strict/)
  })

  it('validate: warnings pass, --strict makes them fail, unreadable files fail', async () => {
    const lenient = await cli('validate', 'tests/fixtures/hostile/out-of-range.json')
    expect(lenient.code).toBe(0)
    expect(lenient.out).toMatch(/9 warnings/)
    expect(lenient.out).toMatch(/warning: at layers\[0\]\.params\.octaves: 1000000 is outside 1\.\.8/)
    const strict = await cli('validate', '--strict', 'tests/fixtures/hostile/out-of-range.json', 'tests/fixtures/v1/full.json')
    expect(strict.code).toBe(1)
    expect(strict.out).toMatch(/error tests\/fixtures\/hostile\/out-of-range\.json: at seed: .*\[invalid\]/)
    expect(strict.out).toMatch(/1 of 2 valid/)
    const missing = await cli('validate', 'presets/no-such-dream.json')
    expect(missing.code).toBe(1)
    expect(missing.out).toMatch(/no such file/)
    expect((await cli('validate')).code).toBe(2)
  })

  it('link prints a link that decode and validate read back to the same document', async () => {
    const link = await cli('link', 'tests/fixtures/v1/full.json')
    expect(link.code).toBe(0)
    expect(link.out).toMatch(/^#d=1[\w-]+$/)
    const full = await cli('link', 'tests/fixtures/v1/full.json', '--base', 'https://example.org/dreams/')
    expect(full.out).toBe(`https://example.org/dreams/${link.out}`)
    const expected = loadPreset(readFileSync(join(root, 'tests/fixtures/v1/full.json'), 'utf8'), { registry })
    const decoded = await cli('decode', full.out)
    expect(decoded.code).toBe(0)
    expect(loadPreset(decoded.out, { registry, strict: true })).toEqual(expected)
    expect(decodeLink(link.out, { registry })).toEqual(expected)
    expect((await cli('validate', full.out)).out).toMatch(/^ok {4}https:\/\/example\.org.*"Fixture: every field written", 4 layers$/)
    const broken = await cli('decode', `${full.out.slice(0, 60)}`)
    expect(broken.code).toBe(1)
    expect(broken.err).toMatch(/damaged/)
  })

  it('schema prints the JSON Schema, or writes it with --out (npm run schema)', async () => {
    const printed = await cli('schema')
    expect(`${printed.out}\n`).toBe(documentJsonSchema(registry))
    const written = await cli('schema', '--out', 'presets/dreamscape.schema.json')
    expect(written.written.get('presets/dreamscape.schema.json')).toBe(documentJsonSchema(registry))
  })
})

describe('dreamscape format', () => {
  it('keeps every built-in preset in canonical form (--check), and rewrites a file that is not', async () => {
    const check = await cli('format', '--check', ...presetFiles)
    expect(check.out).not.toMatch(/^(diff|error)/m)
    expect(check.code).toBe(0)
    const messy = await cli('format', 'tests/fixtures/v1/minimal.json')
    expect(messy.code).toBe(0)
    const text = messy.written.get('tests/fixtures/v1/minimal.json') ?? ''
    expect(text.startsWith('{\n  "$schema"')).toBe(true)
    const reloaded = loadPreset(text, { registry, strict: true })
    expect(reloaded.ok).toBe(true)
  })

  it('refuses a file that does not load cleanly and leaves it untouched', async () => {
    const result = await cli('format', 'tests/fixtures/hostile/future-version.json')
    expect(result.code).toBe(1)
    expect(result.written.size).toBe(0)
    expect(result.out).toMatch(/^error .*newer Dreamscape/m)
  })
})
