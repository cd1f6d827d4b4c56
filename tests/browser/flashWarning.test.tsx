import { expect, test, vi } from 'vitest'
import { createRoot } from 'react-dom/client'
import { FlashWarning } from '../../src/safety/FlashWarning'

test('the flash warning asks before playing, defaults to playing safely', async () => {
  const host = document.createElement('div')
  document.body.appendChild(host)
  const onPlayAnyway = vi.fn()
  const onPlaySafely = vi.fn()
  const root = createRoot(host)
  root.render(<FlashWarning title="SleepSync Crash" onPlayAnyway={onPlayAnyway} onPlaySafely={onPlaySafely} />)
  await expect.poll(() => host.querySelector('[role="alertdialog"]')).not.toBeNull()
  const dialog = host.querySelector('[role="alertdialog"]')!
  expect(dialog.textContent).toMatch(/photosensitiv/i)
  expect(dialog.textContent).toContain('SleepSync Crash')
  const buttons = [...dialog.querySelectorAll('button')]
  expect(buttons.map((b) => b.textContent)).toEqual(['Play safely', 'Play anyway (flashing)'])
  await expect.poll(() => document.activeElement?.textContent).toBe('Play safely')
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
  expect(onPlaySafely).toHaveBeenCalledTimes(1)
  buttons[1]!.click()
  expect(onPlayAnyway).toHaveBeenCalledTimes(1)
  buttons[0]!.click()
  expect(onPlaySafely).toHaveBeenCalledTimes(2)
  root.unmount()
  host.remove()
})
