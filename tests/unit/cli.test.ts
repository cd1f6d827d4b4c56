import { execFile, spawn } from 'node:child_process'
import { closeSync, ftruncateSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { main, commands, type CliIo } from '../../src/cli/main'
import { registry } from '../../src/layers'
import { decodeLink, encodeLinkJson } from '../../src/preset/link'
import { PRESET_LIMITS } from '../../src/preset/limits'
import { loadPreset } from '../../src/preset/load'
import { documentJsonSchema } from '../../src/preset/jsonSchema'

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
    readFile: async (path) => readFileSync(resolve(root, path), 'utf8'),
    writeFile: async (path, text) => void written.set(path, text),
    stat: async (path) => {
      try {
        const info = statSync(resolve(root, path))
        return { size: info.size, isFile: info.isFile() }
      } catch {
        return undefined
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
  it('validates every built-in preset strictly (what CI runs: presets/*.json, the schema skipped)', async () => {
    const files = presetFiles.length ? presetFiles : ['tests/fixtures/v1/full.json']
    const glob = [...files, 'presets/dreamscape.schema.json']
    const { stdout, stderr } = await run(process.execPath, ['bin/dreamscape.mjs', 'validate', '--strict', ...glob], { cwd: root, timeout: 90_000 })
    for (const file of files) expect(stdout).toContain(`ok    ${file}`)
    expect(stdout).toContain('skip  presets/dreamscape.schema.json')
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
    expect(lenient.out).toMatch(/warning: layers\[0\]\.params\.octaves: 1000000 is outside 1\.\.8/)
    const strict = await cli('validate', '--strict', 'tests/fixtures/hostile/out-of-range.json', 'tests/fixtures/v1/full.json')
    expect(strict.code).toBe(1)
    expect(strict.out).toMatch(/error tests\/fixtures\/hostile\/out-of-range\.json: seed: .*\[invalid\]/)
    expect(strict.out).toMatch(/1 of 2 valid/)
    const missing = await cli('validate', 'presets/no-such-dream.json')
    expect(missing.code).toBe(1)
    expect(missing.out).toMatch(/no such file/)
    expect((await cli('validate')).code).toBe(2)
  })

  it('link prints a link that decode and validate read back to the same document', async () => {
    const link = await cli('link', 'tests/fixtures/v1/full.json')
    expect(link.code).toBe(0)
    expect(link.out).toMatch(/^#d=2[\w-]+$/)
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

describe('the CLI prints untrusted text safely and reads inputs carefully (issue 10 item 7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dreamscape-cli-'))
  const file = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }
  // any control character except the line breaks the CLI writes itself
  // eslint-disable-next-line no-control-regex -- see the line above
  const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/
  const ESC = '\u001b'

  it('titles, layer types, colours, ids, file names and warnings never carry terminal escapes', async () => {
    const hostile = {
      format: 'dreamscape',
      version: 1,
      meta: { title: `${ESC}]0;owned${ESC}\\${ESC}[2J\u009b31mred\nok    forged.json` },
      layers: [
        { type: `${ESC}[8mhidden` },
        { type: 'nebula', id: `${ESC}[1m`, params: { colorA: `${ESC}[41m`, [`${ESC}[5mblink`]: 1 } },
      ],
    }
    const path = file(`evil-${ESC}[31m.json`, JSON.stringify(hostile))
    for (const argv of [['validate', path], ['link', path], ['decode', `#d=${encodeLinkJson(hostile)}`], ['validate', '--strict', path]]) {
      const result = await cli(...argv)
      expect(`${result.out}\n${result.err}`, argv.join(' ')).not.toMatch(RAW_CONTROL)
      expect(`${result.out}\n${result.err}`).not.toMatch(/^ok {4}forged/m)
    }
    const shown = await cli('validate', path)
    expect(shown.out).toContain('\\u001b[2J') // shown, not acted on
  })

  it('the 100-warning cap holds for a file built to make thousands, with a count of the rest', async () => {
    // 61 KB of objects holding "__proto__" (each one a warning) and unknown keys: 3,838 problems within the value budget
    const objects = Array.from({ length: 100 }, () => '{"__proto__":1}').join(',')
    const lists = Array.from({ length: 38 }, (_, i) => `"k${i}":[${objects}]`).join(',')
    const text = `{"format":"dreamscape","version":1,${lists}}`
    expect(text.length).toBeGreaterThan(60_000)
    const path = file('noisy.json', text)
    const result = await cli('validate', path)
    const warnings = result.out.split('\n').filter((line) => line.includes('warning:'))
    expect(warnings.length).toBe(PRESET_LIMITS.warnings + 1)
    expect(warnings.at(-1)).toMatch(/…and 3738 more problems/)
  })

  it('measures a file before reading it: 300 MB is refused unread, at once', async () => {
    const path = join(dir, 'huge.json')
    const handle = openSync(path, 'w')
    ftruncateSync(handle, 300 * 1024 * 1024) // sparse: no disk, no memory
    closeSync(handle)
    const started = performance.now()
    const result = await cli('validate', path)
    expect(performance.now() - started).toBeLessThan(500)
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/300\.0 MB; a dreamscape preset is at most 256 KiB, so it was not read/)
  })

  it('a file whose name holds "#" is a file when it exists; strings that look like links are links', async () => {
    const path = file('dream#2.json', readFileSync(join(root, 'tests/fixtures/v1/minimal.json'), 'utf8'))
    const result = await cli('validate', path)
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/^ok {4}.*dream#2\.json: /)
    expect((await cli('validate', join(dir, 'missing#1.json'))).out).toMatch(/no such file/)
    const link = (await cli('link', 'tests/fixtures/v1/minimal.json')).out
    expect((await cli('validate', `https://a.example/x/#t=2&${link.slice(1)}`)).code).toBe(0)
  })

  it('a journey file with a bad stop is reported as that stop, not as "not a dreamscape preset"', async () => {
    const good = JSON.parse(readFileSync(join(root, 'tests/fixtures/v1/minimal.json'), 'utf8')) as unknown
    const path = file('journey.json', JSON.stringify({ format: 'dreamscape-journey', version: 1, steps: [{ dream: good }, { dream: { format: 'dreamscape', version: 1, layers: 7 } }] }))
    for (const argv of [['validate', path], ['journey', path]]) {
      const result = await cli(...argv)
      expect(result.code).toBe(1)
      expect(`${result.out}${result.err}`).toMatch(/steps\[1\]\.dream\.layers: Stop 2 of this journey/)
      expect(`${result.out}${result.err}`).not.toMatch(/not a dreamscape preset/)
    }
  })
})

describe("the README's commands on a clean clone (issue 12 item 9)", () => {
  it('validate --strict and format --check skip the JSON Schema that presets/*.json includes', async () => {
    for (const argv of [['validate', '--strict', 'presets/dreamscape.schema.json'], ['format', '--check', 'presets/dreamscape.schema.json']]) {
      const result = await cli(...argv)
      expect(result.code, argv.join(' ')).toBe(0)
      expect(result.out).toMatch(/^skip {2}presets\/dreamscape\.schema\.json: a JSON Schema, not a preset$/m)
    }
    const all = await cli('validate', '--strict', ...readdirSync(join(root, 'presets')).filter((f) => f.endsWith('.json')).map((f) => `presets/${f}`))
    expect(all.out).toMatch(/valid \(1 skipped\)$/)
    // a preset that names the schema is still a preset, and a schema-like file that says it is a dreamscape is checked
    expect((await cli('validate', 'presets/dawn-restored.json')).out).toMatch(/^ok /)
    const impostor = join(mkdtempSync(join(tmpdir(), 'dreamscape-schema-')), 'x.json')
    writeFileSync(impostor, JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', format: 'dreamscape', version: 1, bogus: 1 }))
    expect((await cli('validate', '--strict', impostor)).code).toBe(1)
  })

  it('`dreamscape schema | head` ends quietly when the reader goes away (no EPIPE stack trace)', async () => {
    const child = spawn(process.execPath, ['bin/dreamscape.mjs', 'schema'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy() // the reader is gone before the first write, like `head` after its lines
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((done) => child.on('close', done))
    expect(stderr).not.toMatch(/EPIPE|Error|    at /)
    expect(code).toBe(141) // what a shell reports for a writer stopped by a closed pipe
  }, 60_000)
})
