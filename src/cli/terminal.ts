/**
 * The one sanitizer for text the CLI prints. Presets and links are untrusted: a title, a layer type, a colour,
 * a file name or a warning can hold terminal escape sequences (clear the screen, set the window title, forge
 * hyperlinks, hide text) or line breaks that forge output lines. Every control character (C0, DEL, C1 such as
 * the one-byte CSI U+009B), the bidi overrides that reorder text and lone surrogates are printed as a visible
 * `\uXXXX` escape instead; that escape is also valid inside JSON strings, so JSON output stays valid and
 * means the same. An escape sequence loses its ESC and shows as text.
 */

// oxlint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** One field of a line (a title, a path, a message): nothing in it can act on the terminal or break the line. */
export const terminalText = (text: string): string => text.replace(UNSAFE, escape)

/** Whole output (help, JSON, several lines): like terminalText, but the line breaks the CLI itself wrote stay. */
export const terminalLines = (text: string): string => text.split('\n').map(terminalText).join('\n')
