/**
 * The viewer's modulation: the live inputs a shared dreamscape reads, and, when it has audio bindings, an
 * unobtrusive "Play with sound" choice (the microphone, after saying why, or a file). Without sound each audio
 * binding rests at its offset. Pointer and MIDI adapters start by themselves when the document reads them;
 * tilt asks iOS on the first tap. The audio code is fetched only when the person chooses sound.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { StoreApi } from 'zustand/vanilla'
import type { DreamDocument } from '../core/document'
import type { AudioSession } from '../modulation/audio/live'
import { createModulationInputs, type ModulationInputs } from '../modulation/inputs'
import { createLiveInputs, inputsUsed } from '../modulation/live'

/** The inputs object for this page, its adapters kept in step with the shown document. */
export function useViewerInputs(container: RefObject<HTMLElement | null>, store: StoreApi<{ document: DreamDocument }>): ModulationInputs {
  const inputs = useMemo(createModulationInputs, [])
  useEffect(() => {
    const element = container.current
    if (!element) return
    const live = createLiveInputs(inputs, element)
    live.sync(store.getState().document)
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.document.modulation !== previous.document.modulation) live.sync(state.document)
    })
    // iOS gives device tilt only after a tap asks for it
    const askTilt = () => {
      const pointer = live.pointer()
      if (pointer?.tiltNeedsPermission) void pointer.enableTilt()
    }
    element.addEventListener('pointerup', askTilt, { once: true })
    return () => {
      unsubscribe()
      element.removeEventListener('pointerup', askTilt)
      live.stop()
    }
  }, [container, store, inputs])
  return inputs
}

type SoundState = { step: 'closed' } | { step: 'choosing' } | { step: 'starting' } | { step: 'on'; session: AudioSession } | { step: 'failed'; message: string }

/** Shown only for documents with audio sources; the dream plays silently (bindings at rest) until chosen. */
export function PlayWithSound({ documents, inputs }: { documents: readonly DreamDocument[]; inputs: ModulationInputs }) {
  const wanted = useMemo(() => documents.some((doc) => inputsUsed(doc).has('audio')), [documents])
  const [state, setState] = useState<SoundState>({ step: 'closed' })
  const session = useRef<AudioSession | null>(null)
  const file = useRef<HTMLInputElement>(null)
  useEffect(() => () => session.current?.stop(), [])
  if (!wanted) return null

  const start = async (how: (live: typeof import('../modulation/audio/live')) => Promise<AudioSession>) => {
    setState({ step: 'starting' })
    try {
      const next = await how(await import('../modulation/audio/live'))
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
