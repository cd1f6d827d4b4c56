/**
 * Issue 12.2: sharing always shows the link (selected, with a Copy button and a QR code for phones), and says
 * "copied" only when the clipboard write really succeeded.
 */
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import type { DreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { decodeLink } from '../../src/preset/link'
import { mountStudio, type Studio } from './harness'

let studio: Studio
let root: HTMLElement
let store: DreamStore
const realClipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')

beforeAll(async () => {
  studio = await mountStudio({ viewport: [1100, 700], layers: ['sky', 'stars'] })
  ;({ root, store } = studio)
})

afterEach(async () => {
  vi.restoreAllMocks()
  if (realClipboard) Object.defineProperty(Navigator.prototype, 'clipboard', realClipboard)
  delete (navigator as unknown as Record<string, unknown>).clipboard
  root.querySelector<HTMLElement>('[role="dialog"] [data-close]')?.click()
  await expect.poll(() => root.querySelector('[role="dialog"]')).toBeNull()
})

afterAll(() => studio.unmount())

const shareButton = () => [...root.querySelectorAll<HTMLButtonElement>('.ds-toolbar button')].find((b) => /share/i.test(b.textContent ?? ''))!

async function openShare() {
  shareButton().click()
  await expect.poll(() => root.querySelector('[role="dialog"][aria-label*="Share" i]')).not.toBeNull()
  const dialog = root.querySelector<HTMLElement>('[role="dialog"][aria-label*="Share" i]')!
  const field = dialog.querySelector<HTMLInputElement | HTMLTextAreaElement>('input[type="text"], input[type="url"], textarea')!
  expect(field, 'the link is shown in a text field').not.toBeNull()
  return { dialog, field }
}

function expectTheLinkShownAndSelected(dialog: HTMLElement, field: HTMLInputElement | HTMLTextAreaElement) {
  const decoded = decodeLink(field.value, { registry })
  expect(decoded.ok && decoded.document).toEqual(store.getState().document)
  expect(field.readOnly).toBe(true)
  expect(document.activeElement).toBe(field)
  expect([field.selectionStart, field.selectionEnd]).toEqual([0, field.value.length])
  expect([...dialog.querySelectorAll('button')].some((b) => /^copy/i.test(b.textContent ?? ''))).toBe(true)
}

const status = (dialog: HTMLElement) => dialog.querySelector('[role="status"]')?.textContent ?? ''
const saysCopiedAnywhere = () => /(link|share link) copied/i.test(document.body.textContent ?? '')

test('clipboard refused (permission denied): the link is selected to copy by hand; nothing claims it was copied', async () => {
  const write = vi.fn(() => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')))
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: write } })
  const { dialog, field } = await openShare()
  await expect.poll(() => status(dialog)).toMatch(/copy it by hand|Ctrl\+C|⌘C/i)
  expect(write).toHaveBeenCalled()
  expectTheLinkShownAndSelected(dialog, field)
  expect(saysCopiedAnywhere()).toBe(false)
})

test('no clipboard at all (plain-http address): the same, with the link ready to copy', async () => {
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined })
  const { dialog, field } = await openShare()
  await expect.poll(() => status(dialog)).toMatch(/copy it by hand|Ctrl\+C|⌘C/i)
  expectTheLinkShownAndSelected(dialog, field)
  expect(saysCopiedAnywhere()).toBe(false)
})

test('clipboard works: "copied" once the write succeeded, and Copy copies again', async () => {
  const written: string[] = []
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: (text: string) => (written.push(text), Promise.resolve()) } })
  const { dialog, field } = await openShare()
  await expect.poll(() => status(dialog)).toMatch(/copied/i)
  expect(written).toEqual([field.value])
  ;[...dialog.querySelectorAll('button')].find((b) => /^copy/i.test(b.textContent ?? ''))!.click()
  await expect.poll(() => written.length).toBe(2)
})

test('the dialog carries a QR code of the link for phones', async () => {
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined })
  const { dialog } = await openShare()
  await expect.poll(() => dialog.querySelector('svg[role="img"]')).not.toBeNull()
  const qr = dialog.querySelector('svg[role="img"]')!
  expect(qr.getAttribute('aria-label')).toMatch(/QR/)
  const box = qr.getBoundingClientRect()
  expect(box.width).toBeGreaterThanOrEqual(120)
  expect(qr.querySelectorAll('path, rect').length).toBeGreaterThan(0)
})

test('Tab stays inside the dialog, and closing it returns focus to Share', async () => {
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined })
  shareButton().focus()
  const { dialog } = await openShare()
  for (let i = 0; i < 8; i++) {
    await userEvent.keyboard('{Tab}')
    expect(dialog.contains(document.activeElement), `focus left the dialog after ${i + 1} Tab(s)`).toBe(true)
  }
  await userEvent.keyboard('{Shift>}{Tab}{/Shift}')
  expect(dialog.contains(document.activeElement)).toBe(true)
  await userEvent.keyboard('{Escape}')
  await expect.poll(() => root.querySelector('[role="dialog"]')).toBeNull()
  expect(document.activeElement).toBe(shareButton())
})
