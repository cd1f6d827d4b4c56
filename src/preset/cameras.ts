/**
 * Camera bookmarks in the preset format: an optional list of named views (the studio's "Views" menu). "Home",
 * the dream camera itself, is never stored. Lenient like the rest of the loader: a broken view is dropped with
 * a warning that names it, coordinates are clamped, never trusted.
 */
import * as z from 'zod/mini'
import { CAMERA_BOOKMARKS, type CameraBookmark } from '../core/document'
import { pathOf } from './errors'

const coordinate = z.number().check(z.minimum(-CAMERA_BOOKMARKS.extent), z.maximum(CAMERA_BOOKMARKS.extent))
const point = z.tuple([coordinate, coordinate, coordinate])

export const cameraBookmarksSchema = z
  .optional(
    z
      .array(
        z.strictObject({
          name: z.string().check(z.minLength(1), z.maxLength(CAMERA_BOOKMARKS.nameLength)),
          position: point,
          target: point,
        }),
      )
      .check(z.maxLength(CAMERA_BOOKMARKS.max)),
  )
  .check(z.meta({ description: 'saved camera views (studio bookmarks); the dream camera itself is "home" and is not stored' }))

const BOOKMARK_KEYS = new Set(['name', 'position', 'target'])

function readPoint(raw: unknown): [number, number, number] | undefined {
  if (!Array.isArray(raw) || raw.length !== 3 || !raw.every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined
  const limit = CAMERA_BOOKMARKS.extent
  return raw.map((v: number) => Math.min(limit, Math.max(-limit, v))) as [number, number, number]
}

/** Raw JSON -> valid bookmarks (undefined when there are none); `warn` receives a path and a sentence. */
export function sanitizeCameras(raw: unknown, warn: (path: string, message: string) => void): CameraBookmark[] | undefined {
  if (raw === undefined) return undefined
  if (!Array.isArray(raw)) {
    warn('cameras', 'expected a list of saved views; dropped.')
    return undefined
  }
  const views: CameraBookmark[] = []
  raw.forEach((entry, index) => {
    const at = (key?: string) => (key ? pathOf('cameras', index, key) : pathOf('cameras', index))
    if (views.length >= CAMERA_BOOKMARKS.max) {
      if (index === CAMERA_BOOKMARKS.max) warn('cameras', `more than ${CAMERA_BOOKMARKS.max} saved views; the rest were dropped.`)
      return
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      warn(at(), 'expected a saved view (an object); dropped.')
      return
    }
    const source = entry as Record<string, unknown>
    for (const key of Object.keys(source)) if (!BOOKMARK_KEYS.has(key)) warn(at(key), 'unknown key dropped.')
    const position = readPoint(source.position)
    const target = readPoint(source.target)
    if (!position || !target) {
      warn(at(position ? 'target' : 'position'), 'expected three numbers; this saved view was dropped.')
      return
    }
    let name = typeof source.name === 'string' ? source.name.trim() : ''
    if (!name) {
      name = `View ${views.length + 1}`
      if (source.name !== undefined) warn(at('name'), `expected a name; called it "${name}".`)
    } else if (name.length > CAMERA_BOOKMARKS.nameLength) {
      warn(at('name'), `longer than ${CAMERA_BOOKMARKS.nameLength} characters; shortened.`)
      name = name.slice(0, CAMERA_BOOKMARKS.nameLength)
    }
    views.push({ name, position, target })
  })
  return views.length > 0 ? views : undefined
}
