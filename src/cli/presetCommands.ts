/** validate, link, decode, schema: the preset commands, all through the one loader. */
import type { LoadResult } from '../preset/load'
import { loadPreset } from '../preset/load'
import { decodeLink, encodeLink, shareUrl } from '../preset/link'
import { documentJsonSchema } from '../preset/schema'
import { serializePreset } from '../preset/serialize'
import { parseArgs, type Command, type CommandContext } from './command'

/** A link is anything with a '#', a 'd=' route or a bare payload; everything else names a file. */
async function isLink(argument: string, context: CommandContext): Promise<boolean> {
  if (argument.includes('#') || argument.startsWith('d=')) return true
  if (await context.fileExists(argument)) return false
  return /^1[A-Za-z0-9_-]{8,}$/.test(argument)
}

/** A load result, or a file that could not be read at all. */
type ArgumentResult = LoadResult | { ok: false; error: { message: string; code: 'unreadable' } }

async function loadArgument(argument: string, context: CommandContext, strict: boolean): Promise<ArgumentResult> {
  const options = { registry: context.registry, strict }
  if (await isLink(argument, context)) return decodeLink(argument, options)
  let text: string
  try {
    text = await context.readFile(argument)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
    return { ok: false, error: { message: `cannot read the file (${reason}).`, code: 'unreadable' } }
  }
  return loadPreset(text, options)
}

const label = (argument: string) => (argument.length > 60 ? `${argument.slice(0, 57)}...` : argument)

export const validateCommand: Command = {
  usage: '<file|link>... [--strict]',
  summary: 'check presets and share links',
  help: 'Loads each preset file or share link like the app does and lists what it repaired (warnings)\nor refused (errors). Exits with 1 when any input has errors; --strict counts warnings as errors.',
  async run(args, context) {
    const { flags, positional } = parseArgs(args)
    if (positional.length === 0) {
      context.err('dreamscape validate: give at least one preset file or share link')
      return 2
    }
    const strict = flags.has('--strict')
    let failed = 0
    for (const argument of positional) {
      const result = await loadArgument(argument, context, strict)
      if (result.ok) {
        const { document, warnings } = result
        context.out(`ok    ${label(argument)}: "${document.meta.title}", ${document.layers.length} layer${document.layers.length === 1 ? '' : 's'}${warnings.length ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}`)
        for (const warning of warnings) context.out(`      warning: ${warning.message}`)
      } else {
        failed++
        context.out(`error ${label(argument)}: ${result.error.message} [${result.error.code}]`)
      }
    }
    if (positional.length > 1) context.out(`${positional.length - failed} of ${positional.length} valid`)
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
    const result = await loadArgument(positional[0] as string, context, false)
    if (!result.ok) {
      context.err(`dreamscape link: ${result.error.message}`)
      return 1
    }
    for (const warning of result.warnings) context.err(`warning: ${warning.message}`)
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
      context.err(`dreamscape decode: ${result.error.message} [${result.error.code}]`)
      return 1
    }
    for (const warning of result.warnings) context.err(`warning: ${warning.message}`)
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
  help: 'Rewrites each preset file as the app would save it: canonical key order, every value written,\n"$schema" first. --check writes nothing and exits with 1 when a file is not in canonical form.\nA file that does not load cleanly is left untouched and reported.',
  async run(args, context) {
    const { flags, positional } = parseArgs(args)
    if (positional.length === 0) {
      context.err('dreamscape format: give at least one preset file')
      return 2
    }
    let problems = 0
    for (const file of positional) {
      const text = await context.readFile(file).catch(() => undefined)
      const result = text === undefined ? undefined : loadPreset(text, { registry: context.registry, strict: true })
      if (!result?.ok) {
        problems++
        context.out(`error ${label(file)}: ${result ? result.error.message : 'cannot read the file.'}`)
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
