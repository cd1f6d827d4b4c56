import type { LayerRegistry } from '../core/defineLayer'

/** Where a command reads and writes: injected so tests can run commands without a process. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  readFile(path: string): Promise<string>
  writeFile(path: string, text: string): Promise<void>
  /** Size and kind of a path, or undefined when nothing is there (files are measured before they are read). */
  stat(path: string): Promise<{ size: number; isFile: boolean } | undefined>
}

export interface CommandContext extends CliIo {
  registry: LayerRegistry
}

export interface Command {
  /** Arguments after the command name, e.g. '<file|link>... [--strict]'. */
  usage: string
  summary: string
  help?: string
  /** Returns the exit code. */
  run(args: readonly string[], context: CommandContext): Promise<number>
}

/** Splits `--flag` and `--key value` options from positional arguments. */
export function parseArgs(args: readonly string[], valued: readonly string[] = []) {
  const flags = new Set<string>()
  const values = new Map<string, string>()
  const positional: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg.startsWith('--')) {
      if (valued.includes(arg) && i + 1 < args.length) values.set(arg, args[++i] as string)
      else flags.add(arg)
    } else positional.push(arg)
  }
  return { flags, values, positional }
}
