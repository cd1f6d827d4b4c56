/**
 * The viewer's "Play with sound" choice, a chunk the viewer loads only for dreamscapes with audio sources: the
 * microphone, after saying why, or a file. Without sound each audio binding rests at its offset; the audio code
 * itself is fetched only when the person chooses sound. It lives beside the audio adapter, not in src/viewer:
 * the bundle report takes the first lazy chunk under src/viewer for the viewer route.
 */
import { useEffect, useRef, useState } from 'react'
import type { AudioSession } from './live'
import type { ModulationInputs } from '../inputs'

type SoundState = { step: 'closed' } | { step: 'choosing' } | { step: 'starting' } | { step: 'on'; session: AudioSession } | { step: 'failed'; message: string }

/** The dream plays silently (bindings at rest) until sound is chosen. */
export function PlayWithSound({ inputs }: { inputs: ModulationInputs }) {
  const [state, setState] = useState<SoundState>({ step: 'closed' })
  const session = useRef<AudioSession | null>(null)
  const file = useRef<HTMLInputElement>(null)
  useEffect(() => () => session.current?.stop(), [])

  const start = async (how: (live: typeof import('./live')) => Promise<AudioSession>) => {
    setState({ step: 'starting' })
    try {
      const next = await how(await import('./live'))
      session.current?.stop()
      session.current = next
      setState({ step: 'on', session: next })
    } catch (error) {
      setState({ step: 'failed', message: error instanceof Error ? error.message : String(error) })
    }
  }
  const stop = () => {
    session.current?.stop()
    session.current = null
    setState({ step: 'closed' })
  }

  return (
    <div className="dv-sound" data-testid="play-with-sound" data-step={state.step}>
      {state.step === 'on' ? (
        <button type="button" className="dv-button" onClick={stop} aria-pressed="true">
          <span aria-hidden="true" className="dv-glyph">♪</span>
          <span>{state.session.kind === 'microphone' ? 'Listening · stop' : `${state.session.name} · stop`}</span>
        </button>
      ) : state.step === 'choosing' || state.step === 'failed' ? (
        <div className="dv-sound-choice" role="group" aria-label="Play with sound">
          <p>This dream moves with sound. Let it listen to the microphone (nothing is recorded or sent), or play a file of your own.</p>
          {state.step === 'failed' && (
            <p className="dv-sound-error" role="alert">
              {state.message}
            </p>
          )}
          <button type="button" className="dv-button" onClick={() => void start((live) => live.startMicrophone(inputs))}>
            Microphone
          </button>
          <button type="button" className="dv-button" onClick={() => file.current?.click()}>
            Audio file…
          </button>
          <button type="button" className="dv-button" onClick={() => setState({ step: 'closed' })}>
            Not now
          </button>
        </div>
      ) : (
        <button type="button" className="dv-button" onClick={() => setState({ step: 'choosing' })} disabled={state.step === 'starting'}>
          <span aria-hidden="true" className="dv-glyph">♪</span>
          <span>{state.step === 'starting' ? 'Starting…' : 'Play with sound'}</span>
        </button>
      )}
      <input
        ref={file}
        type="file"
        accept="audio/*"
        hidden
        data-testid="sound-file"
        onChange={(event) => {
          const chosen = event.target.files?.[0]
          event.target.value = ''
          if (chosen) void start((live) => live.startAudioFile(inputs, chosen))
        }}
      />
    </div>
  )
}
