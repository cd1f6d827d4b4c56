/**
 * The `dreamscape` command. bin/dreamscape.mjs loads this module through Vite (so the same TypeScript and
 * GLSL imports work in node) and calls `main`. Commands live in one table: a new command is a module
 * exporting a `Command` plus one line in `commands` below (e.g. `render` from src/cli/render.ts).
 */
import { registry } from '../layers'
import type { Command, CliIo } from './command'
import { decodeCommand, formatCommand, linkCommand, schemaCommand, validateCommand } from './presetCommands'
import { renderCommand } from './render'
import { journeyCommand } from './journey'
import { terminalLines, terminalText } from './terminal'

export type { Command, CliIo }

export const commands: Record<string, Command> = {
  validate: validateCommand,
  link: linkCommand,
  decode: decodeCommand,
  schema: schemaCommand,
  format: formatCommand,
  render: renderCommand,
  journey: journeyCommand,
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.usage.padEnd(28)} ${command.summary}`)
  return ['Usage: dreamscape <command> [arguments]', '', 'Commands:', ...lines, '', 'dreamscape <command> --help shows more.'].join('\n')
}

/** Runs one command line; returns the exit code (0 ok, 1 problems found, 2 usage error). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage())
    return name ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    io.err(`dreamscape: unknown command "${terminalText(name)}"\n\n${usage()}`)
    return 2
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`Usage: dreamscape ${name} ${command.usage}\n\n${command.help ?? command.summary}`)
    return 0
  }
  // Whatever a command prints passes the one terminal sanitizer, the lines it writes itself kept.
  const out = (text: string) => io.out(terminalLines(text))
  const err = (text: string) => io.err(terminalLines(text))
  return command.run(args, { ...io, out, err, registry })
}
