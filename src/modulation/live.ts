/**
 * Pages (studio, viewer, embed, element) start the live adapters a document needs, and only those: each
 * adapter is its own chunk, fetched with import() the first time a document has a source reading it. Audio
 * never starts by itself (it needs the person's choice: a microphone prompt or a file); MIDI and the pointer do.
 */
import type { DreamDocument } from '../core/document'
import type { ModulationInputs } from './inputs'
import { sourceRegistry } from './sources'
import type { MidiSession } from './midi'
import type { PointerSession } from './pointer'

export type LiveInput = 'audio' | 'midi' | 'pointer'

/** The live inputs the document's sources read. */
export function inputsUsed(doc: DreamDocument): Set<LiveInput> {
  const used = new Set<LiveInput>()
  for (const source of doc.modulation?.sources ?? []) {
    const input = sourceRegistry.get(source.type)?.input
    if (input) used.add(input)
  }
  return used
}

export interface LiveInputs {
  /** Starts or stops the MIDI and pointer adapters for this document (call on every document change). */
  sync(doc: DreamDocument): void
  /** Starts MIDI now (the studio's learn button); resolves when listening, rejects with a readable MidiStartError. */
  startMidi(): Promise<MidiSession>
  /** The pointer adapter once running (its tilt may need a tap to enable). */
  pointer(): PointerSession | undefined
  stop(): void
}

/**
 * Keeps the MIDI and pointer adapters in step with the document. `element` is where the pointer is
 * followed (the dream's canvas or its container); `onProblem` hears a refusal once (a sentence to show).
 */
export function createLiveInputs(inputs: ModulationInputs, element: HTMLElement, onProblem: (message: string) => void = () => {}): LiveInputs {
  let stopped = false
  let midi: Promise<MidiSession> | undefined
  let midiSession: MidiSession | undefined
  let pointerSession: PointerSession | undefined
  let pointerLoading: Promise<unknown> | undefined

  const startMidi = () => {
    midi ??= import('./midi').then(async ({ requestMidi }) => {
      const session = await requestMidi(inputs)
      if (stopped) session.stop()
      else midiSession = session
      return session
    })
    midi.catch((error: unknown) => {
      onProblem(error instanceof Error ? error.message : String(error))
    })
    return midi
  }

  return {
    sync(doc) {
      if (stopped) return
      const used = inputsUsed(doc)
      if (used.has('midi') && !midi) startMidi().catch(() => {})
      if (used.has('pointer') && !pointerSession && !pointerLoading) {
        pointerLoading = import('./pointer').then(({ attachPointer }) => {
          pointerLoading = undefined
          if (!stopped) pointerSession = attachPointer(inputs, element)
        })
      } else if (!used.has('pointer') && pointerSession) {
        pointerSession.stop()
        pointerSession = undefined
      }
    },
    startMidi,
    pointer: () => pointerSession,
    stop() {
      stopped = true
      midiSession?.stop()
      pointerSession?.stop()
    },
  }
}
