/**
 * The viewer's live inputs: one object per viewer, its MIDI and pointer adapters kept in step with the shown
 * document (each fetched only when a source reads it); tilt asks iOS on the first tap.
 */
import { useEffect, useMemo, type RefObject } from 'react'
import type { StoreApi } from 'zustand/vanilla'
import type { DreamDocument } from '../core/document'
import { createModulationInputs, type ModulationInputs } from '../modulation/inputs'
import { createLiveInputs } from '../modulation/live'

/** The inputs object for this viewer (DreamCanvas reads it; the sound choice fills its audio part). */
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

