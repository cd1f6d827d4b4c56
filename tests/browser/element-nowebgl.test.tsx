/**
 * <dream-scape> where WebGL2 is unavailable (hidden before the element module loads; each browser test file
 * runs in a page of its own): it loads, labels itself, shows the poster in the dreamscape's colours, and
 * never mounts a canvas.
 */
import { expect, test } from 'vitest'
import { createDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { encodeLink } from '../../src/preset/link'
import { posterColors } from '../../src/element/poster'

test('no WebGL2: a poster from the dreamscape colours instead of a canvas', async () => {
  Object.defineProperty(globalThis, 'WebGL2RenderingContext', { value: undefined, configurable: true })
  await import('../../src/element')
  const doc = createDocument(registry, ['sky', 'nebula'], 4)
  const element = document.createElement('dream-scape')
  element.style.cssText = 'width: 160px; height: 90px; aspect-ratio: auto'
  const events: string[] = []
  element.addEventListener('load', () => events.push('load'))
  element.setAttribute('src', `#d=${encodeLink({ ...doc, meta: { ...doc.meta, title: 'Poster only' } }, registry)}`)
  document.body.append(element)
  await expect.poll(() => events).toEqual(['load'])
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(element.getAttribute('aria-label')).toBe('Poster only')
  expect(element.shadowRoot!.querySelector('canvas')).toBeNull()
  const poster = element.shadowRoot!.querySelector<HTMLElement>('.poster')!
  expect(poster.hasAttribute('data-hidden')).toBe(false)
  const colours = posterColors(doc, registry)
  expect(colours.length).toBeGreaterThanOrEqual(2)
  // the browser normalises hex colours to rgb(): compare the first colour's channels
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colours[0]!.slice(i, i + 2), 16))
  expect(poster.style.background).toContain(`rgb(${r}, ${g}, ${b})`)
})
