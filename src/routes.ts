/**
 * The app's two routes live in the URL fragment, so links work from any sub-path of any static host and
 * the dreamscape data never reaches a server:
 *   #d=<payload>       viewer: a shared dreamscape, full-screen        (#j=<payload>: a dream journey)
 *   #remix=<payload>   editor, opening the payload as a remix
 *   (anything else)    editor, restoring the autosaved document
 * Other fragment parameters, before or after the route, are ignored (src/preset/fragment.ts).
 */
import { FRAGMENT_ROUTES, parseFragment } from './preset/fragment'

export type Route =
  | { name: 'viewer'; payload: string; journey: boolean }
  | { name: 'editor'; remix?: string }

export function parseRoute(hash: string): Route {
  // the one fragment parser: parameters may come in any order, unknown ones are ignored ('#t=12&d=...')
  const { route, payload } = parseFragment(hash)
  if (route === FRAGMENT_ROUTES.document) return { name: 'viewer', payload, journey: false }
  if (route === FRAGMENT_ROUTES.journey) return { name: 'viewer', payload, journey: true }
  if (route === FRAGMENT_ROUTES.remix) return { name: 'editor', remix: payload }
  return { name: 'editor' }
}

/** The page URL without its fragment: the base for share and remix links. */
export const pageBase = () => window.location.href.replace(/#.*$/, '')
