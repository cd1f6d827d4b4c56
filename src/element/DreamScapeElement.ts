/**
 * <dream-scape src="https://example.org/#d=1..."></dream-scape>: a dreamscape in any page, without React.
 *
 * - `src`: a share link, a bare fragment (`#d=...`, `d=...`) or the URL of a preset JSON file (fetched, then
 *   read by the one loader). `paused`, `time` (seconds: a still), `quality` (`auto` | `high` | `low`),
 *   `reduced-motion`, `battery-saver`.
 * - Nothing is drawn until the element scrolls into view, and nothing while it is out of view or hidden
 *   (IntersectionObserver + the embed's pause/play); no WebGL context exists before the first sight.
 * - `role="img"` with an `aria-label` from the dreamscape's title (an author's own label wins).
 * - A poster (gradient of the dreamscape's colours) before the first frame, without WebGL2, and while the
 *   context is lost.
 * - Events: `load` (detail: { title, warnings }), `error` (detail: { code, path, message }), `contextlost`.
 */
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { mountDreamscape, type EmbedOptions, type EmbeddedDreamscape } from '../embed'
import { registry as builtInRegistry } from '../layers'
import { PresetError } from '../preset/errors'
import { decodeLink } from '../preset/link'
import { loadPreset, type LoadResult } from '../preset/load'
import { looksLikeLink } from '../preset/fragment'
import { calmDocument, prefersReducedMotion } from '../viewer/motion'
import { hasWebGL2, posterBackground, posterColors } from './poster'

export interface DreamScapeErrorDetail {
  code: string
  /** JSON path of the offending value ('' for the whole document or the request). */
  path: string
  /** A sentence for people. */
  message: string
}

export interface DreamScapeLoadDetail {
  title: string
  warnings: string[]
}

/** Attributes read when the dreamscape is mounted: changing one mounts it again. */
const MOUNT_OPTIONS = new Set(['quality', 'reduced-motion', 'battery-saver'])

const STYLE = `
:host { display: block; position: relative; overflow: hidden; aspect-ratio: 16 / 9; contain: content; }
:host([hidden]) { display: none; }
.poster, .stage { position: absolute; inset: 0; }
.poster { transition: opacity 0.4s; }
.poster[data-hidden] { opacity: 0; pointer-events: none; }
`

/** Where to find a preset: a link to decode here, or an address to fetch. */
export function classifySource(src: string): 'link' | 'url' {
  const text = src.trim()
  // a fragment route anywhere (page URL with #d=..., '#d=...', 'd=...') or a bare link payload
  if (/(^|#|&)d=/.test(text) || (text.startsWith('#') && text.length > 1)) return 'link'
  if (!/[/.:]/.test(text) && looksLikeLink(text)) return 'link'
  return 'url'
}

export class DreamScapeElement extends HTMLElement {
  static observedAttributes = ['src', 'paused', 'time', 'quality', 'reduced-motion', 'battery-saver']

  /** The layer types documents may use; set before `src` for custom layers. */
  registry: LayerRegistry = builtInRegistry

  #shadow: ShadowRoot
  #stage: HTMLDivElement
  #poster: HTMLDivElement
  #observer: IntersectionObserver | undefined
  #embed: EmbeddedDreamscape | undefined
  #document: DreamDocument | undefined
  #visible = false
  #contextLost = false
  #ownLabel = false
  /** Bumped by every load, so a slow fetch never overwrites a newer `src`. */
  #loadGeneration = 0

  constructor() {
    super()
    this.#shadow = this.attachShadow({ mode: 'open' })
    const style = document.createElement('style')
    style.textContent = STYLE
    this.#poster = document.createElement('div')
    this.#poster.className = 'poster'
    this.#poster.setAttribute('part', 'poster')
    this.#poster.style.background = posterBackground([])
    this.#stage = document.createElement('div')
    this.#stage.className = 'stage'
    this.#stage.setAttribute('part', 'stage')
    this.#shadow.append(style, this.#poster, this.#stage)
    // The context-loss events do not bubble; a capturing listener on an ancestor still sees them.
    this.#stage.addEventListener('webglcontextlost', () => this.#onContextLost(), true)
    this.#stage.addEventListener('webglcontextrestored', () => this.#onContextRestored(), true)
  }

  /** The loaded dreamscape, once `load` has fired. */
  get dreamDocument(): DreamDocument | undefined {
    return this.#document
  }

  /** The running embed (pause/play, store, clock), once the element has been in view. */
  get embed(): EmbeddedDreamscape | undefined {
    return this.#embed
  }

  get src(): string {
    return this.getAttribute('src') ?? ''
  }
  set src(value: string) {
    this.setAttribute('src', value)
  }
  get paused(): boolean {
    return this.hasAttribute('paused')
  }
  set paused(value: boolean) {
    this.toggleAttribute('paused', value)
  }

  connectedCallback(): void {
    if (!this.hasAttribute('role')) this.setAttribute('role', 'img')
    if (!this.hasAttribute('aria-label')) this.#setLabel('Dreamscape')
    this.#observer = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1]
      this.#visible = entry?.isIntersecting ?? false
      this.#update()
    })
    this.#observer.observe(this)
    if (!this.#document && this.src) void this.#load(this.src)
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect()
    this.#observer = undefined
    this.#visible = false
    this.#embed?.unmount()
    this.#embed = undefined
  }

  attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
    if (previous === value || !this.isConnected) return
    if (name === 'src') void this.#load(value ?? '')
    else if (MOUNT_OPTIONS.has(name)) this.#remount()
    else this.#update()
  }

  #setLabel(label: string): void {
    if (this.hasAttribute('aria-label') && !this.#ownLabel) return
    this.setAttribute('aria-label', label)
    this.#ownLabel = true
  }

  #fail(error: DreamScapeErrorDetail): void {
    this.#poster.removeAttribute('data-hidden')
    this.dispatchEvent(new CustomEvent<DreamScapeErrorDetail>('error', { detail: error }))
  }

  async #load(src: string): Promise<void> {
    const generation = ++this.#loadGeneration
    if (!src.trim()) return this.#fail({ code: 'not-a-preset', path: '', message: 'This <dream-scape> has no src: give it a share link or a preset URL.' })
    let result: LoadResult
    if (classifySource(src) === 'link') {
      result = decodeLink(src, { registry: this.registry })
    } else {
      let text: string
      try {
        const response = await fetch(new URL(src, document.baseURI))
        if (!response.ok) throw new Error(`the server answered ${response.status}`)
        text = await response.text()
      } catch (error) {
        if (generation !== this.#loadGeneration) return
        const reason = error instanceof Error ? error.message : String(error)
        return this.#fail({ code: 'fetch', path: '', message: `The preset at ${src.slice(0, 200)} could not be fetched (${reason}).` })
      }
      if (generation !== this.#loadGeneration) return
      result = loadPreset(text, { registry: this.registry })
    }
    if (!result.ok) return this.#fail({ code: result.error.code, path: result.error.path, message: result.error.message })
    const doc = result.document
    this.#document = doc
    this.#setLabel(doc.meta.title || 'Dreamscape')
    this.#poster.style.background = posterBackground(posterColors(doc, this.registry))
    if (this.#embed) this.#embed.load(this.#shown(doc))
    this.#update()
    this.dispatchEvent(new CustomEvent<DreamScapeLoadDetail>('load', { detail: { title: doc.meta.title, warnings: result.warnings.map((w) => w.message) } }))
  }

  #time(): number | null {
    const value = this.getAttribute('time')
    if (value === null || value.trim() === '') return null
    const time = Number(value)
    return Number.isFinite(time) && time >= 0 ? time : null
  }

  /** Reduced motion: the attribute, or the reader's system setting. */
  #calm(): boolean {
    return this.hasAttribute('reduced-motion') || prefersReducedMotion()
  }

  /** What is drawn: under reduced motion the viewer's calm version (slow time, still camera, fewer particles). */
  #shown(doc: DreamDocument): DreamDocument {
    return this.#calm() ? calmDocument(doc) : doc
  }

  #embedOptions(): EmbedOptions {
    const quality = this.getAttribute('quality')
    return {
      paused: true,
      time: this.#time() ?? undefined,
      batterySaver: this.hasAttribute('battery-saver'),
      calm: this.#calm(),
      quality: quality === 'high' || quality === 'low' ? quality : 'auto',
    }
  }

  /** Options fixed at mount time changed: mount again (the document and the poster stay). */
  #remount(): void {
    if (!this.#embed) return this.#update()
    this.#embed.unmount()
    this.#embed = undefined
    this.#update()
  }

  /** Mounts on first sight; pauses whenever out of view or paused; follows `time`. */
  #update(): void {
    const doc = this.#document
    if (!doc || !this.isConnected) return
    if (!this.#embed) {
      if (!this.#visible) return
      if (!hasWebGL2()) return // the poster stays: this browser cannot draw the dreamscape
      try {
        this.#embed = mountDreamscape(this.#stage, this.#shown(doc), this.#embedOptions())
      } catch (error) {
        const problem = error instanceof PresetError ? error : undefined
        return this.#fail({ code: problem?.code ?? 'mount', path: problem?.path ?? '', message: error instanceof Error ? error.message : String(error) })
      }
      if (!this.#contextLost) this.#poster.setAttribute('data-hidden', '')
    }
    this.#embed.clock.pinned = this.#time()
    if (this.#visible && !this.paused) this.#embed.play()
    else this.#embed.pause()
  }

  #onContextLost(): void {
    this.#contextLost = true
    this.#poster.removeAttribute('data-hidden')
    this.dispatchEvent(new CustomEvent('contextlost'))
  }

  #onContextRestored(): void {
    this.#contextLost = false
    if (this.#embed) this.#poster.setAttribute('data-hidden', '')
  }
}
