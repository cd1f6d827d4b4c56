import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { createDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { mountDream, pixelStats, toDataUrl } from './harness'

test('smoke: a full dream renders', async () => {
  const doc = createDocument(registry, ['sky', 'nebula', 'stars', 'terrain', 'fireflies', 'bloom', 'grain'])
  const h = await mountDream(doc, { width: 640, height: 360 })
  const px = h.renderAt(3)
  const stats = pixelStats(px)
  console.log('stats', stats, 'programs', h.programCount())
  ;(globalThis as any).__shot = toDataUrl(px, 640, 360)
  await commands.writeFile('./__shots__/smoke.txt', toDataUrl(px, 640, 360))
  expect(stats.mean).toBeGreaterThan(1)
  await h.unmount()
})
