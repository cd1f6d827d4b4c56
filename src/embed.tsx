/**
 * Embedding a dreamscape in any page: `mountDreamscape(element, presetOrLink)`. No editor, no Leva; the
 * same scene code as the app. Returns handles to pause, swap the document and unmount.
 */
import { createRoot } from 'react-dom/client'
import type { LayerRegistry } from './core/defineLayer'
import type { DreamDocument } from './core/document'
import { createDreamStore, type DreamStore } from './core/dreamStore'
import { registry as builtInRegistry } from './layers'
import { PresetError } from './preset/errors'
import { decodeLink } from './preset/link'
import { loadPreset } from './preset/load'
import { DreamClock } from './scene/clock'
import { DreamCanvas } from './scene/DreamCanvas'
import { BATTERY_SAVER_FPS, DEFAULT_MAX_FPS } from './scene/frameScheduler'
import { createModulationInputs, type ModulationInputs } from './modulation/inputs'
import { createLiveInputs } from './modulation/live'
import type { AudioSession } from './modulation/audio/live'

export interface EmbedOptions {
  registry?: LayerRegistry
  /** Start paused (e.g. until the element scrolls into view). */
  paused?: boolean
  /** Hold dream time at this value: a still that never moves. */
  time?: number
  /** At most 30 frames per second instead of the display's rate up to 60. */
  batterySaver?: boolean
  /** Reduced motion: glitch bursts held at a faint steady level, the flash limiter always on (DreamScene's calm). */
  calm?: boolean
  /** 'auto' (default): resolution drops to hold the frame rate; 'high': never lowered; 'low': half resolution. */
  quality?: 'auto' | 'high' | 'low'
}

export interface EmbeddedDreamscape {
  store: DreamStore
  clock: DreamClock
  document(): DreamDocument
  /** Replace the dreamscape (a preset object, preset JSON text or a share link). Throws PresetError when invalid. */
  load(source: DreamDocument | string): void
  pause(): void
  play(): void
  unmount(): void
  /** The live inputs the document's modulation reads (MIDI and the pointer over the element start by themselves). */
  inputs: ModulationInputs
  /**
   * Sound for audio sources: the microphone (call from a click: the browser asks) or an audio file or Blob.
   * Rejects with a readable message (refused, undecodable...). Until then audio bindings rest at their offset.
   */
  listen(source: 'microphone' | Blob): Promise<void>
  /** Stops the sound (and releases the microphone). */
  stopListening(): void
}

function resolve(source: DreamDocument | string, registry: LayerRegistry): DreamDocument {
  const text = typeof source === 'string' ? source.trim() : undefined
  const result =
    text !== undefined && !text.startsWith('{') ? decodeLink(text, { registry }) : loadPreset(text ?? source, { registry })
  if (!result.ok) throw result.error
  return result.document
}

/** Throws a PresetError (with `.path` and a readable message) when the source is not a valid dreamscape. */
export function mountDreamscape(element: HTMLElement, source: DreamDocument | string, options: EmbedOptions = {}): EmbeddedDreamscape {
  const registry = options.registry ?? builtInRegistry
  const store = createDreamStore(resolve(source, registry))
  const clock = new DreamClock({ paused: options.paused, pinned: options.time ?? null })
  if (getComputedStyle(element).position === 'static') element.style.position = 'relative'
  const root = createRoot(element)
  const inputs = createModulationInputs()
  const live = createLiveInputs(inputs, element)
  live.sync(store.getState().document)
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.document.modulation !== previous.document.modulation) live.sync(state.document)
  })
  let sound: AudioSession | undefined
  // Drawing stops by itself while paused, while the tab is hidden and while the element is scrolled out of view.
  const quality = options.quality === 'high' ? { adaptiveQuality: false as const } : options.quality === 'low' ? { dpr: 0.5 } : {}
  root.render(
    <DreamCanvas store={store} registry={registry} clock={clock} maxFps={options.batterySaver ? BATTERY_SAVER_FPS : DEFAULT_MAX_FPS} calm={options.calm} {...quality} modulationInputs={inputs} />,
  )
  return {
    store,
    clock,
    document: () => store.getState().document,
    load: (next) => store.replace(resolve(next, registry)),
    pause: () => void (clock.paused = true),
    play: () => void (clock.paused = false),
    unmount: () => {
      unsubscribe()
      live.stop()
      sound?.stop()
      root.unmount()
    },
    inputs,
    async listen(source) {
      // the audio code is fetched only when sound is asked for
      const audio = await import('./modulation/audio/live')
      const next = source === 'microphone' ? await audio.startMicrophone(inputs) : await audio.startAudioFile(inputs, source)
      sound?.stop()
      sound = next
    },
    stopListening() {
      sound?.stop()
      sound = undefined
    },
  }
}

export { PresetError }
