/** `dreamscape journey <file|link>...`: print the share link of a dream journey through the given dreamscapes. */
import { createJourney, DEFAULT_HOLD, DEFAULT_MORPH, JOURNEY_LIMITS } from '../core/journey'
import { encodeJourneyLink, journeyShareUrl } from '../preset/journeyLink'
import { parseArgs, type Command } from './command'
import { loadRenderSource } from './render'
import { terminalText } from './terminal'

export const journeyCommand: Command = {
  usage: '<file|link>... [--hold s] [--morph s] [--once] [--title t] [--base url]',
  summary: 'print the share link of a dream journey',
  help: [
    `Makes a journey through 1 to ${JOURNEY_LIMITS.stops} dreamscapes (preset files or share links): each is held,`,
    'then morphs into the next; the last morphs back into the first unless --once.',
    '',
    `  --hold <s>     seconds each dreamscape is held (default ${DEFAULT_HOLD})`,
    `  --morph <s>    seconds each morph lasts (default ${DEFAULT_MORPH})`,
    '  --once         play once and rest on the last dreamscape instead of looping',
    '  --title <t>    the journey title',
    '  --base <url>   print a full link on this page instead of the bare fragment',
  ].join('\n'),
  async run(args, context) {
    const { flags, values, positional } = parseArgs(args, ['--hold', '--morph', '--title', '--base'])
    if (positional.length < 1 || positional.length > JOURNEY_LIMITS.stops) {
      context.err(`dreamscape journey: give 1 to ${JOURNEY_LIMITS.stops} preset files or links`)
      return 2
    }
    const hold = Number(values.get('--hold') ?? DEFAULT_HOLD)
    const morph = Number(values.get('--morph') ?? DEFAULT_MORPH)
    if (!(hold >= 0 && hold <= JOURNEY_LIMITS.maxHold) || !(morph >= 0 && morph <= JOURNEY_LIMITS.maxMorph)) {
      context.err(`dreamscape journey: --hold and --morph take seconds from 0 to ${JOURNEY_LIMITS.maxHold}`)
      return 2
    }
    const title = values.get('--title') ?? 'A dream journey'
    if (title.length > JOURNEY_LIMITS.titleLength) {
      context.err(`dreamscape journey: --title takes at most ${JOURNEY_LIMITS.titleLength} characters`)
      return 2
    }
    const documents = []
    for (const argument of positional) {
      const source = await loadRenderSource(argument, 0, context.registry, context)
      if (!source.ok) {
        context.err(`dreamscape journey: ${terminalText(argument)}: ${terminalText(source.message)}`)
        return 1
      }
      for (const warning of source.warnings) context.err(`warning: ${terminalText(argument)}: ${terminalText(warning)}`)
      documents.push(source.document)
    }
    const journey = createJourney(documents, { hold, morph, loop: !flags.has('--once'), title })
    try {
      const base = values.get('--base')
      context.out(base ? journeyShareUrl(base, journey, context.registry) : `#j=${encodeJourneyLink(journey, context.registry)}`)
      return 0
    } catch (error) {
      context.err(`dreamscape journey: ${terminalText(error instanceof Error ? error.message : String(error))}`)
      return 1
    }
  },
}
