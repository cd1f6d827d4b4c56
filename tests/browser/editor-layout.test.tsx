/**
 * Issue 12.3 and 12.6 (dialogs): the studio's layout from a 1024x640 laptop window up and on a tablet. At each
 * size, every control of the toolbar, the gallery and the notices is the element under its own centre (nothing,
 * the Leva panel least of all, is drawn over it); Escape closes the gallery and every dialog.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import { layoutSettled, mountStudio, type Studio } from './harness'

let studio: Studio
let root: HTMLElement

beforeAll(async () => {
  studio = await mountStudio({ viewport: [1100, 700], layers: ['sky', 'stars'] })
  root = studio.root
})

afterAll(() => studio.unmount())

const visible = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
const label = (el: Element) => (el.getAttribute('aria-label') || el.textContent || el.getAttribute('title') || el.tagName).trim().slice(0, 40)

/** Controls whose centre shows something else: each one reported with what covers it. */
function covered(controls: Element[]): string[] {
  const problems: string[] = []
  for (const control of controls) {
    const box = control.getBoundingClientRect()
    const x = box.left + box.width / 2
    const y = box.top + box.height / 2
    if (box.width === 0 || box.height === 0 || x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) {
      problems.push(`"${label(control)}" is outside the window (${Math.round(x)}, ${Math.round(y)})`)
      continue
    }
    const hit = document.elementFromPoint(x, y)
    if (!hit || !(control === hit || control.contains(hit)))
      problems.push(`"${label(control)}" is covered by <${hit?.tagName.toLowerCase()} class="${hit?.getAttribute('class') ?? ''}">`)
  }
  return problems
}

const interactive = 'button, input:not([type="file"]), select, a[href], [role="button"], summary'
const controlsIn = (selector: string) => [...root.querySelectorAll(selector)].flatMap((area) => [...area.querySelectorAll(interactive)]).filter(visible)
const buttonNamed = (name: RegExp) => [...root.querySelectorAll<HTMLElement>('button')].find((b) => visible(b) && name.test(label(b)))

/** An import that fails: an error notice with a Dismiss button appears. */
async function showErrorNotice() {
  const input = root.querySelector<HTMLInputElement>('[data-testid="import-file"]')!
  const files = new DataTransfer()
  files.items.add(new File(['{ "format": "dreamscape", oops'], 'broken.json', { type: 'application/json' }))
  input.files = files.files
  input.dispatchEvent(new Event('change', { bubbles: true }))
  // the error itself, not the "Remixing" notice the studio opened with (that one times out on its own)
  await expect.poll(() => root.querySelector('.ds-notice')?.textContent ?? '').toContain('broken.json')
}

const SIZES: [number, number][] = [
  [1024, 640],
  [1100, 700],
  [1440, 900],
  [820, 1180], // a tablet held upright
]

describe.each(SIZES)('at %i x %i', (width, height) => {
  beforeAll(async () => {
    await page.viewport(width, height)
    await layoutSettled()
  })

  test('the toolbar and a notice are fully reachable, the main actions are on screen', async () => {
    await showErrorNotice()
    await layoutSettled()
    const toolbar = controlsIn('.ds-toolbar')
    const names = toolbar.map(label).join(' | ')
    for (const name of [/Undo/, /Redo/, /Pause|Play/, /Reset view/, /Gallery/, /Import/, /Export/, /Share/i]) expect(names).toMatch(name)
    const notice = controlsIn('.ds-notice')
    expect(notice.length).toBeGreaterThan(0)
    expect(covered([...toolbar, ...notice])).toEqual([])
    // the layer stack starts below the toolbar instead of under it
    const bar = root.querySelector('.ds-toolbar')!.getBoundingClientRect()
    const stack = root.querySelector('.ds-stack')!.getBoundingClientRect()
    expect(stack.top).toBeGreaterThanOrEqual(bar.bottom)
    buttonNamed(/Dismiss/)?.click()
  })

  test('every gallery card can be opened and remixed', async () => {
    buttonNamed(/Gallery/)!.click()
    await expect.poll(() => root.querySelectorAll('.ds-card').length).toBeGreaterThan(3)
    const gallery = controlsIn('.ds-gallery')
    expect(gallery.length).toBeGreaterThan(8)
    const problems: string[] = []
    for (const control of gallery) {
      control.scrollIntoView({ block: 'nearest' })
      problems.push(...covered([control]))
    }
    expect(problems).toEqual([])
    await userEvent.keyboard('{Escape}')
    await expect.poll(() => root.querySelector('.ds-gallery')).toBeNull()
  })
})

describe('keyboard', () => {
  beforeAll(async () => {
    await page.viewport(1100, 700)
    await layoutSettled()
  })

  test('Escape closes the gallery, the share dialog and the art panel', async () => {
    buttonNamed(/Gallery/)!.click()
    await expect.poll(() => root.querySelector('.ds-gallery')).not.toBeNull()
    await userEvent.keyboard('{Escape}')
    await expect.poll(() => root.querySelector('.ds-gallery')).toBeNull()

    buttonNamed(/Share/)!.click()
    await expect.poll(() => root.querySelector('[role="dialog"][aria-label*="Share" i]')).not.toBeNull()
    await userEvent.keyboard('{Escape}')
    await expect.poll(() => root.querySelector('[role="dialog"]')).toBeNull()

    buttonNamed(/^Art/)!.click()
    await expect.poll(() => root.querySelector('.ds-art')).not.toBeNull()
    await userEvent.keyboard('{Escape}')
    await expect.poll(() => root.querySelector('.ds-art')).toBeNull()
  })

  test('the panels collapse and come back from the keyboard', async () => {
    const toggles = [...root.querySelectorAll<HTMLButtonElement>('button[aria-controls]')].filter(visible)
    expect(toggles.length).toBeGreaterThanOrEqual(2)
    for (const toggle of toggles) {
      const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!
      expect(toggle.getAttribute('aria-expanded')).toBe('true')
      toggle.focus()
      await userEvent.keyboard('{Enter}')
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false')
      expect(visible(panel) && panel.getBoundingClientRect().width > 40).toBe(false)
      await userEvent.keyboard('{Enter}')
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true')
    }
  })
})
