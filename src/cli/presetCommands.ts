/** validate, link, decode, schema: the preset commands, all through the one loader. */
import { describeProblem } from '../preset/errors'
import { loadPreset } from '../preset/load'
import { decodeLink, encodeLink, shareUrl } from '../preset/link'
import { documentJsonSchema } from '../preset/jsonSchema'
import { serializePreset } from '../preset/serialize'
import { parseArgs, type Command } from './command'
import { loadInput, readInputFile, isJsonSchemaText } from './inputs'
import { terminalText } from './terminal'

/** An argument as printed: at most 60 characters, nothing in it can act on the terminal. */
const label = (argument: string) => terminalText(argument.length > 60 ? `${argument.slice(0, 57)}...` : argument)
/** A warning or error as one printable line: "layers[2].opacity: 3 is outside 0..1; used 1." */
const problemLine = (problem: { path: string; message: string }) => terminalText(describeProblem(problem))
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export const validateCommand: Command = {
  usage: '<file|link>... [--strict]',
  summary: 'check presets and share links',
  help: 'Loads each preset file or share link like the app does and lists what it repaired (warnings)\nor refused (errors); journeys are checked stop by stop. JSON Schema files (presets/*.json includes one)\nare skipped with a note. Exits with 1 when any input has errors; --strict counts warnings as errors.',
  async run(args, context) {
    const { flags, positional } = parseArgs(args)
    if (positional.length === 0) {
      context.err('dreamscape validate: give at least one preset file or share link')
      return 2
    }
    const strict = flags.has('--strict')
    let failed = 0
    let skipped = 0
    for (const argument of positional) {
      const result = await loadInput(argument, context, { registry: context.registry, strict })
      if (result.status === 'skipped') {
        skipped++
        context.out(`skip  ${label(argument)}: ${result.reason}`)
      } else if (result.status === 'ok') {
        const { warnings } = result
        const what =
          result.kind === 'document'
            ? `"${terminalText(result.document.meta.title)}", ${plural(result.document.layers.length, 'layer')}`
            : `journey "${terminalText(result.journey.title)}", ${plural(result.journey.stops.length, 'dreamscape')}`
        context.out(`ok    ${label(argument)}: ${what}${warnings.length ? `, ${plural(warnings.length, 'warning')}` : ''}`)
        for (const warning of warnings) context.out(`      warning: ${problemLine(warning)}`)
      } else {
        failed++
        context.out(`error ${label(argument)}: ${problemLine(result)} [${result.code}]`)
      }
    }
    const checked = positional.length - skipped
    if (positional.length > 1) context.out(`${checked - failed} of ${checked} valid${skipped ? ` (${skipped} skipped)` : ''}`)
    return failed ? 1 : 0
  },
}

export const linkCommand: Command = {
  usage: '<file> [--base <url>]',
  summary: 'print the share link of a preset',
  help: 'Prints the share link payload of a preset file, or a full link with --base <url>\n(e.g. --base https://example.org/dreamscape/).',
  async run(args, context) {
    const { values, positional } = parseArgs(args, ['--base'])
    if (positional.length !== 1) {
      context.err('dreamscape link: give exactly one preset file')
      return 2
    }
    const result = await loadInput(positional[0] as string, context, { registry: context.registry })
    if (result.status !== 'ok' || result.kind !== 'document') {
      const why = result.status === 'error' ? problemLine(result) : result.status === 'skipped' ? `this is ${result.reason}.` : 'this is a journey; use dreamscape journey.'
      context.err(`dreamscape link: ${why}`)
      return 1
    }
    for (const warning of result.warnings) context.err(`warning: ${problemLine(warning)}`)
    const base = values.get('--base')
    context.out(base ? shareUrl(base, result.document, context.registry) : `#d=${encodeLink(result.document, context.registry)}`)
    return 0
  },
}

export const decodeCommand: Command = {
  usage: '<link> [--strict]',
  summary: 'print a share link as preset JSON',
  async run(args, context) {
    const { flags, positional } = parseArgs(args)
    if (positional.length !== 1) {
      context.err('dreamscape decode: give exactly one share link')
      return 2
    }
    const result = decodeLink(positional[0] as string, { registry: context.registry, strict: flags.has('--strict') })
    if (!result.ok) {
      context.err(`dreamscape decode: ${problemLine(result.error)} [${result.error.code}]`)
      return 1
    }
    for (const warning of result.warnings) context.err(`warning: ${problemLine(warning)}`)
    context.out(serializePreset(result.document, { registry: context.registry }).trimEnd())
    return 0
  },
}

export const schemaCommand: Command = {
  usage: '[--out <file>]',
  summary: 'print the preset JSON Schema',
  async run(args, context) {
    const { values } = parseArgs(args, ['--out'])
    const schema = documentJsonSchema(context.registry)
    const out = values.get('--out')
    if (out) await context.writeFile(out, schema)
    else context.out(schema.trimEnd())
    return 0
  },
}

export const formatCommand: Command = {
  usage: '<file>... [--check]',
  summary: 'rewrite preset files in canonical form',
  help: 'Rewrites each preset file as the app would save it: canonical key order, every value written,\n"$schema" first. --check writes nothing and exits with 1 when a file is not in canonical form.\nA file that does not load cleanly is left untouched and reported; JSON Schema files are skipped.',
  async run(args, context) {
    const { flags, positional } = parseArgs(args)
    if (positional.length === 0) {
      context.err('dreamscape format: give at least one preset file')
      return 2
    }
    let problems = 0
    for (const file of positional) {
      const read = await readInputFile(file, context)
      if (!read.ok) {
        problems++
        context.out(`error ${label(file)}: ${terminalText(read.message)}`)
        continue
      }
      const text = read.text
      if (isJsonSchemaText(text)) {
        context.out(`skip  ${label(file)}: a JSON Schema, not a preset`)
        continue
      }
      const result = loadPreset(text, { registry: context.registry, strict: true })
      if (!result.ok) {
        problems++
        context.out(`error ${label(file)}: ${problemLine(result.error)}`)
        continue
      }
      const canonical = serializePreset(result.document, { registry: context.registry })
      if (canonical === text) context.out(`same  ${label(file)}`)
      else if (flags.has('--check')) {
        problems++
        context.out(`diff  ${label(file)}: not in canonical form (run dreamscape format)`)
      } else {
        await context.writeFile(file, canonical)
        context.out(`wrote ${label(file)}`)
      }
    }
    return problems ? 1 : 0
  },
}
