/**
 * The one reader of URL fragments, used by the app's router (src/routes.ts), share and journey links, and the
 * CLI. A fragment is `key=value` pairs joined by `&`, in any order: `#t=12&d=<payload>` and `#d=<payload>&t=12`
 * both hold the dreamscape `<payload>`; parameters it does not know are ignored, so later features can add
 * their own without breaking links already shared.
 */

/** The keys that name what a fragment opens, in the order they win when a fragment holds several. */
export const FRAGMENT_ROUTES = { document: 'd', journey: 'j', remix: 'remix' } as const
export type FragmentRoute = (typeof FRAGMENT_ROUTES)[keyof typeof FRAGMENT_ROUTES]
const ROUTE_ORDER: readonly FragmentRoute[] = [FRAGMENT_ROUTES.document, FRAGMENT_ROUTES.journey, FRAGMENT_ROUTES.remix]

export interface Fragment {
  /** The route key found (`d`, `j`, `remix`), or undefined when the fragment names none. */
  route: FragmentRoute | undefined
  /** That route's value (the link payload); '' without a route. */
  payload: string
  /** Every parameter, first occurrence of each key kept. */
  params: ReadonlyMap<string, string>
}

/** Parses a fragment ('#d=...&t=12', 'd=...', '' ...). Never throws. */
export function parseFragment(fragment: string): Fragment {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment
  const params = new Map<string, string>()
  for (const pair of text.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = eq < 0 ? pair : pair.slice(0, eq)
    if (!params.has(key)) params.set(key, eq < 0 ? '' : pair.slice(eq + 1))
  }
  const route = ROUTE_ORDER.find((key) => params.has(key))
  return { route, payload: route ? (params.get(route) as string) : '', params }
}

/**
 * Whether a command-line argument is written like a link rather than a file name: an address with a
 * fragment, a fragment or route ('#d=...', 'd=...', 'j=...') or a bare link payload (codec digit + base64url).
 * Callers check for an existing file first: a file named 'dream#2.json' is a file.
 */
export function looksLikeLink(text: string): boolean {
  const trimmed = text.trim()
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.startsWith('#')) return true
  // a route anywhere in a fragment ('example.org/dream/#t=3&d=...'), or a fragment without its '#'
  if (/^(d|j|remix)=|#(.*&)?(d|j|remix)=/.test(trimmed)) return true
  return /^[1-9][A-Za-z0-9_-]{8,}$/.test(trimmed)
}
