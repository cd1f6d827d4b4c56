/** Camera bookmarks in the preset format (issue 12.1): optional, round-tripped, repaired with warnings. */
import { describe, expect, test } from 'vitest'
import { CAMERA_BOOKMARKS, createDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { decodeLink, encodeLink } from '../../src/preset/link'
import { loadPreset } from '../../src/preset/load'
import { serializePreset } from '../../src/preset/serialize'

const base = () => createDocument(registry, ['sky'], 3)
const withCameras = (cameras: unknown) => JSON.stringify({ ...JSON.parse(serializePreset(base(), { registry })), cameras })

describe('camera bookmarks', () => {
  test('a document without views writes no "cameras" key', () => {
    expect(serializePreset(base(), { registry })).not.toContain('cameras')
  })

  test('saved views survive files and links', () => {
    const doc = { ...base(), cameras: [{ name: 'Over the lake', position: [3, 4, 5] as [number, number, number], target: [0, 1.5, -12] as [number, number, number] }] }
    const file = loadPreset(serializePreset(doc, { registry }), { registry, strict: true })
    expect(file.ok && file.document.cameras).toEqual(doc.cameras)
    const link = decodeLink(encodeLink(doc, registry), { registry })
    expect(link.ok && link.document.cameras).toEqual(doc.cameras)
  })

  test('broken views are dropped or repaired with a warning that names them; the rest of the document loads', () => {
    const result = loadPreset(
      withCameras([
        { name: 'fine', position: [1, 2, 3], target: [0, 0, 0] },
        { name: 'far', position: [1e9, 2, 3], target: [0, 0, 0] },
        { name: 'broken', position: [1, 2], target: [0, 0, 0] },
        'not a view',
        { position: [1, 1, 1], target: [0, 0, 0], extra: true },
      ]),
      { registry },
    )
    if (!result.ok) throw result.error
    expect(result.document.cameras?.map((view) => view.name)).toEqual(['fine', 'far', 'View 3'])
    expect(result.document.cameras?.[1]?.position[0]).toBe(CAMERA_BOOKMARKS.extent)
    const paths = result.warnings.map((warning) => warning.path)
    expect(paths).toEqual(expect.arrayContaining(['cameras[2].position', 'cameras[3]', 'cameras[4].extra']))
    expect(result.document.layers).toHaveLength(1)
  })

  test('not a list: dropped with a warning; too many: the first ones kept', () => {
    const notList = loadPreset(withCameras({ home: true }), { registry })
    expect(notList.ok && notList.document.cameras).toBeUndefined()
    expect(notList.ok && notList.warnings.some((w) => w.path === 'cameras')).toBe(true)
    const many = Array.from({ length: CAMERA_BOOKMARKS.max + 5 }, (_, i) => ({ name: `v${i}`, position: [i, 1, 1], target: [0, 0, 0] }))
    const tooMany = loadPreset(withCameras(many), { registry })
    expect(tooMany.ok && tooMany.document.cameras).toHaveLength(CAMERA_BOOKMARKS.max)
  })
})
