/**
 * `dreamscape/element`: importing this module defines <dream-scape> (once; a second copy of the package
 * on the same page reuses the first definition).
 */
import { DreamScapeElement } from './DreamScapeElement'

export { DreamScapeElement, classifySource, type DreamScapeErrorDetail, type DreamScapeLoadDetail } from './DreamScapeElement'
export { posterColors, posterBackground } from './poster'

if (typeof customElements !== 'undefined' && !customElements.get('dream-scape')) customElements.define('dream-scape', DreamScapeElement)

declare global {
  interface HTMLElementTagNameMap {
    'dream-scape': DreamScapeElement
  }
}
