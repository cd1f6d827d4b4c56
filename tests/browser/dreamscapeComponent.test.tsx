/**
 * <Dreamscape> (the React component of the `dreamscape` package): a link draws; a bad link renders the
 * fallback and reports the loader's PresetError instead of throwing during render.
 */
import { expect, test } from 'vitest'
import { createRoot } from 'react-dom/client'
import { Dreamscape } from '../../src/package/Dreamscape'
import { createDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { encodeLink } from '../../src/preset/link'
import type { PresetError } from '../../src/preset/errors'

function mount(node: React.ReactNode) {
  const host = document.createElement('div')
  host.style.cssText = 'width: 160px; height: 90px'
  document.body.append(host)
  const root = createRoot(host)
  root.render(node)
  return { host, dispose: () => (root.unmount(), host.remove()) }
}

test('a share link draws into a canvas', async () => {
  const link = `#d=${encodeLink(createDocument(registry, ['sky', 'stars'], 2), registry)}`
  const { host, dispose } = mount(<Dreamscape source={link} />)
  try {
    await expect.poll(() => host.querySelector('canvas'), { timeout: 30_000 }).not.toBeNull()
  } finally {
    dispose()
  }
})

test('a broken link: the fallback and onError with the loader sentence', async () => {
  const errors: PresetError[] = []
  const { host, dispose } = mount(<Dreamscape source="#d=1broken" fallback={<p>no dream</p>} onError={(error) => errors.push(error)} />)
  try {
    await expect.poll(() => host.textContent).toBe('no dream')
    expect(host.querySelector('canvas')).toBeNull()
    await expect.poll(() => errors.length).toBe(1)
    expect(errors[0]!.name).toBe('PresetError')
    expect(errors[0]!.message).toMatch(/\.$/)
  } finally {
    dispose()
  }
})
