/**
 * Share links. The dreamscape travels in the URL fragment (never sent to a server), as data only:
 *
 *   https://host/any/path/#d=1<base64url(raw DEFLATE(UTF-8 canonical JSON without defaults))>
 *
 * - `d` is the route key of one document. `j` is reserved for a dream journey (a sequence of documents,
 *   issue 5): same payload codec, its JSON an envelope such as {"format":"dreamscape-journey","version":1,
 *   "steps":[<document>, ...]} whose steps go through loadPreset one by one (decodeLinkJson + loadPreset).
 * - The payload's first character is the codec version. '2' (what links are made with): base64url(raw DEFLATE
 *   + the CRC-32 of the uncompressed bytes, 4 bytes big-endian), so a link damaged on the way (a character
 *   changed, lost or added) is refused instead of opening as a different dreamscape. '1' (the first links):
 *   base64url(raw DEFLATE), no checksum; they keep opening. A later codec takes '3'.
 * - Limits are checked before each expensive step: payload length, then inflated size, then the JSON limits.
 */
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { appendCrc32, base64urlToBytes, bytesToBase64url, crc32, decodeUtf8, deflate, encodeUtf8, inflateCapped } from './codec'
import { PresetError } from './errors'
import { FRAGMENT_ROUTES, parseFragment } from './fragment'
import { PRESET_LIMITS } from './limits'
import { loadPreset, type LoadOptions, type LoadResult } from './load'
import { canonicalJson } from './serialize'

export const LINK_ROUTES = { document: FRAGMENT_ROUTES.document, journey: FRAGMENT_ROUTES.journey } as const
export type LinkRoute = (typeof LINK_ROUTES)[keyof typeof LINK_ROUTES]
/** The codec new links are made with. */
export const LINK_CODEC = '2'
/** The codecs this Dreamscape opens: '1' = raw DEFLATE, '2' = raw DEFLATE + CRC-32 of the JSON bytes. */
export const LINK_CODECS = { plain: '1', checked: '2' } as const

/** JSON text -> link payload: codec digit + base64url(deflated UTF-8 + CRC-32). */
export function encodeLinkText(json: string): string {
  const bytes = encodeUtf8(json)
  return LINK_CODEC + bytesToBase64url(appendCrc32(deflate(bytes), bytes))
}

/** Any JSON-able value -> link payload. */
export const encodeLinkJson = (value: unknown): string => encodeLinkText(JSON.stringify(value))

const damaged = (why: string) => new PresetError('bad-encoding', '', `This link is damaged: ${why}`)

/** Link payload -> JSON text, refusing long payloads, unknown codecs, corrupt data and bombs. */
export function decodeLinkJson(payload: string): string {
  if (payload.length > PRESET_LIMITS.linkChars)
    throw new PresetError('too-large', '', `This link is ${payload.length} characters long; share links are at most ${PRESET_LIMITS.linkChars}.`)
  if (payload.length === 0) throw new PresetError('not-a-preset', '', 'This link has no dreamscape in it.')
  const codec = payload[0]
  if (codec === LINK_CODECS.plain) return decodeUtf8(inflateCapped(base64urlToBytes(payload.slice(1))))
  if (codec === LINK_CODECS.checked) {
    const data = base64urlToBytes(payload.slice(1))
    if (data.length < 5) throw damaged('it was cut short.')
    const json = inflateCapped(data.subarray(0, -4))
    const expected = new DataView(data.buffer, data.byteOffset + data.length - 4, 4).getUint32(0)
    if (crc32(json) !== expected) throw damaged('a character was changed, lost or added on the way (its check digits do not match).')
    return decodeUtf8(json)
  }
  throw codec !== undefined && /[3-9]/.test(codec)
    ? new PresetError('future-version', '', 'This link was made by a newer Dreamscape; update Dreamscape to open it.')
    : damaged('it does not start like a dreamscape link.')
}

export interface LinkParts {
  route: string
  payload: string
}

/**
 * Finds the route and payload in a full URL, a fragment ('#d=...'), 'd=...' or a bare payload (read as
 * `bareRoute`). The fragment is read by the one fragment parser (src/preset/fragment.ts): other parameters
 * ('&t=12'), before or after the route, are ignored, so later features can add their own.
 */
export function readLink(linkOrFragment: string, bareRoute: LinkRoute = LINK_ROUTES.document): LinkParts {
  const text = linkOrFragment.trim()
  if (text.length > PRESET_LIMITS.linkChars * 2)
    throw new PresetError('too-large', '', `This link is ${text.length} characters long; share links are at most ${PRESET_LIMITS.linkChars}.`)
  const hash = text.indexOf('#')
  if (hash < 0 && /^[a-z][a-z0-9+.-]*:|^\//i.test(text))
    throw new PresetError('not-a-preset', '', 'This address has no dreamscape in it (nothing after "#").')
  const fragment = hash >= 0 ? text.slice(hash + 1) : text
  if (!fragment.includes('=')) return { route: bareRoute, payload: fragment }
  const { route, payload } = parseFragment(fragment)
  if (route === LINK_ROUTES.document || route === LINK_ROUTES.journey) return { route, payload }
  throw new PresetError('not-a-preset', '', 'This link has no dreamscape in it (no "d=" after "#").')
}

/** The fragment payload for one document: canonical JSON with defaults omitted, compressed. */
export function encodeLink(doc: DreamDocument, registry: LayerRegistry): string {
  return encodeLinkJson(canonicalJson(doc, { registry, omitDefaults: true, schema: false }))
}

const WRONG_ROUTE: Record<LinkRoute, string> = {
  [LINK_ROUTES.document]: 'This link holds a dream journey, not a single dreamscape.',
  [LINK_ROUTES.journey]: 'This link holds a single dreamscape, not a dream journey.',
}

/** The JSON text a `route` link carries (full URL, '#d=...', 'd=...' or the bare payload); a PresetError else. */
export function readLinkJson(linkOrFragment: string, route: LinkRoute): string {
  const parts = readLink(linkOrFragment, route)
  if (parts.route !== route) throw new PresetError('not-a-preset', '', WRONG_ROUTE[route])
  return decodeLinkJson(parts.payload)
}

/** `base` without its fragment + '#<route>=' + payload. Works from any path of any host (the fragment is client-side). */
export function linkUrl(baseUrl: string, route: LinkRoute, payload: string): string {
  const hash = baseUrl.indexOf('#')
  return `${hash >= 0 ? baseUrl.slice(0, hash) : baseUrl}#${route}=${payload}`
}

/** Opens a share link (full URL, '#d=...', 'd=...' or the payload) through the one loader. */
export function decodeLink(linkOrFragment: string, options: LoadOptions): LoadResult {
  try {
    return loadPreset(readLinkJson(linkOrFragment, LINK_ROUTES.document), options)
  } catch (error) {
    if (error instanceof PresetError) return { ok: false, error }
    throw error
  }
}

/** `base` without its fragment + '#d=' + payload. */
export function shareUrl(baseUrl: string, doc: DreamDocument, registry: LayerRegistry): string {
  return linkUrl(baseUrl, LINK_ROUTES.document, encodeLink(doc, registry))
}
