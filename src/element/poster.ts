/**
 * The poster: what <dream-scape> shows before its first frame, where WebGL2 is unavailable, and while the
 * context is lost. A gradient from the dreamscape's own colours (its colour parameters, in stack order), so
 * even a page without WebGL shows the dreamscape's mood rather than a grey box.
 */
import type { DreamDocument } from '../core/document'
import type { LayerRegistry } from '../core/defineLayer'

const FALLBACK = ['#0b0620', '#2a0b4f', '#c45cd8']

/** Up to four colours of the document's enabled layers (top of the stack last, like the picture). */
export function posterColors(doc: DreamDocument, registry: LayerRegistry): string[] {
  const colors: string[] = []
  for (const layer of doc.layers) {
    if (!layer.enabled) continue
    const specs = registry.get(layer.type)?.params ?? {}
    for (const [key, spec] of Object.entries(specs)) {
      const value = layer.params[key]
      if (spec.kind === 'color' && typeof value === 'string' && !colors.includes(value)) colors.push(value)
    }
  }
  return colors.length >= 2 ? colors.slice(0, 4) : [...colors, ...FALLBACK].slice(0, 3)
}

/** A CSS background: sky-like, darkest colour at the bottom. */
export function posterBackground(colors: readonly string[]): string {
  const stops = colors.length ? colors : FALLBACK
  return `linear-gradient(to bottom, ${stops.join(', ')})`
}

/** Whether this browser can give us a WebGL2 context at all (checked once, the probe context released). */
let webgl2: boolean | undefined
export function hasWebGL2(): boolean {
  if (webgl2 !== undefined) return webgl2
  try {
    if (typeof WebGL2RenderingContext === 'undefined') return (webgl2 = false)
    const context = document.createElement('canvas').getContext('webgl2')
    webgl2 = context !== null
    context?.getExtension('WEBGL_lose_context')?.loseContext()
  } catch {
    webgl2 = false
  }
  return webgl2
}
