/** Untrusted text inside the loader's results and messages: cut without breaking characters, quoted visibly. */

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined

/**
 * The longest prefix of `text` that is at most `max` UTF-16 units (the unit every length limit counts) and
 * ends between two user-perceived characters: slice() alone can split an emoji's surrogate pair, or a
 * flag or family emoji into its parts, leaving a broken character at the end of a title.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text
  let end = 0
  if (segmenter) {
    for (const { segment } of segmenter.segment(text)) {
      if (end + segment.length > max) break
      end += segment.length
    }
  } else {
    for (const char of text) {
      if (end + char.length > max) break
      end += char.length
    }
  }
  return text.slice(0, end)
}

// C0 and C1 control characters, DEL, lone surrogates and the bidi controls that reorder what follows them.
// oxlint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Replaces control characters (and the like) by `\uXXXX` escapes, so they show instead of acting. */
export const escapeControls = (text: string) => text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** `"text"` for a message: control characters escaped, at most `max` characters, '…' when cut. */
export function quoteText(text: string, max = 40): string {
  const cut = truncateText(text, max)
  return `"${escapeControls(cut)}${cut.length < text.length ? '…' : ''}"`
}
