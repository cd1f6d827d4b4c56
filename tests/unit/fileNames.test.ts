import { describe, expect, test } from 'vitest'
import { fileSlug } from '../../src/export/download'
import { fileNameFor } from '../../src/editor/files'
import { createDocument } from '../../src/core/document'
import { registry } from '../../src/layers'

describe('file names from titles (one slug for exports, backups and stills)', () => {
  test('lower-case words joined by hyphens, accents dropped, bounded, never empty', () => {
    expect(fileSlug('Neoterra at dawn')).toBe('neoterra-at-dawn')
    expect(fileSlug('  Café — Zoë’s night!  ')).toBe('cafe-zoe-s-night')
    expect(fileSlug('★★★')).toBe('dreamscape')
    expect(fileSlug('x'.repeat(200))).toHaveLength(60)
  })

  test('the studio export uses it', () => {
    const doc = createDocument(registry, [])
    expect(fileNameFor({ ...doc, meta: { ...doc.meta, title: 'Café at Dawn' } })).toBe('cafe-at-dawn.json')
  })
})
