/**
 * Bytes for share links: UTF-8 JSON, raw DEFLATE (fflate), base64url (URL-safe, no padding).
 *
 * Decompression is capped: fflate given a fixed output buffer truncates silently and still walks the whole
 * stream (a 6 KB deflate bomb took ~110 ms that way here), so the payload is inflated in small input
 * chunks and refused as soon as the output passes the cap (a bomb costs ~4 ms).
 */
import { deflateSync, Inflate } from 'fflate'
import { PresetError } from './errors'
import { PRESET_LIMITS } from './limits'

const BASE64URL = /^[A-Za-z0-9_-]*$/

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = ''
  const step = 0x8000
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function base64urlToBytes(text: string): Uint8Array {
  if (!BASE64URL.test(text) || text.length % 4 === 1)
    throw new PresetError('bad-encoding', '', 'This link is damaged: it contains characters a share link never has, or was cut short.')
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

export const deflate = (bytes: Uint8Array): Uint8Array => deflateSync(bytes, { level: 9 })

/** Inflates raw DEFLATE data, refusing output longer than `cap` bytes as soon as it passes the cap. */
export function inflateCapped(data: Uint8Array, cap: number = PRESET_LIMITS.textBytes): Uint8Array {
  const chunks: Uint8Array[] = []
  let length = 0
  const inflater = new Inflate((chunk) => {
    length += chunk.length
    if (length <= cap) chunks.push(chunk.slice())
  })
  // Input goes in small steps so the work done past the cap stays bounded (DEFLATE expands at most ~1032:1,
  // so one 512-byte step yields at most ~0.5 MB); smaller steps cost more per normal link (measured).
  const step = 512
  try {
    for (let i = 0; i < data.length && length <= cap; i += step) inflater.push(data.subarray(i, i + step), i + step >= data.length)
    if (data.length === 0) inflater.push(data, true)
  } catch {
    throw new PresetError('bad-encoding', '', 'This link is damaged: its compressed data is corrupted or cut short.')
  }
  if (length > cap)
    throw new PresetError('too-large', '', `This link unpacks to more than ${Math.round(cap / 1024)} KiB; a dreamscape is far smaller, so it was not opened.`)
  const out = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

// CRC-32 (IEEE 802.3, the one zip and PNG use) over the decompressed bytes: DEFLATE has no checksum of its
// own, so a link damaged on the way could inflate into a different valid dreamscape. fflate computes this
// CRC for gzip but does not export it; 14 lines here cost less than a dependency or a gzip round trip.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** `data` followed by the CRC-32 of `checked`, big-endian. */
export function appendCrc32(data: Uint8Array, checked: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 4)
  out.set(data)
  new DataView(out.buffer).setUint32(data.length, crc32(checked))
  return out
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
export const encodeUtf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new PresetError('bad-encoding', '', 'This link is damaged: its text is not valid UTF-8.')
  }
}
