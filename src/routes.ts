/**
 * The app's two routes live in the URL fragment, so links work from any sub-path of any static host and
 * the dreamscape data never reaches a server:
 *   #d=<payload>       viewer: a shared dreamscape, full-screen        (#j=<payload>: a dream journey)
 *   #remix=<payload>   editor, opening the payload as a remix
 *   (anything else)    editor, restoring the autosaved document
 */
export type Route =
  | { name: 'viewer'; payload: string; journey: boolean }
  | { name: 'editor'; remix?: string }

export function parseRoute(hash: string): Route {
  const fragment = hash.replace(/^#/, '')
  if (fragment.startsWith('d=')) return { name: 'viewer', payload: fragment.slice(2), journey: false }
  if (fragment.startsWith('j=')) return { name: 'viewer', payload: fragment.slice(2), journey: true }
  if (fragment.startsWith('remix=')) return { name: 'editor', remix: fragment.slice(6) }
  return { name: 'editor' }
}

/** The page URL without its fragment: the base for share and remix links. */
export const pageBase = () => window.location.href.replace(/#.*$/, '')
