/**
 * The viewer route (#d=<payload>: one dreamscape, #j=<payload>: a journey through several): decodes the link
 * through the one preset loader and shows the dream full-screen, or a page that says what is wrong with the link. Loaded on its own chunk: it imports
 * neither Leva nor anything from src/editor (tests/unit/viewer-chunks.test.ts checks the built chunks).
 */
import type { RootState } from '@react-three/fiber'
import { createRoot } from 'react-dom/client'
import type { LayerRegistry } from '../core/defineLayer'
import { registry as appRegistry } from '../layers'
import { decodeJourneyLink } from '../preset/journeyLink'
import { decodeLink } from '../preset/link'
import { parseRoute, type Route } from '../routes'
import { prefersReducedMotion } from './motion'
import { ViewerApp, type ViewerContent } from './ViewerApp'
import { LinkError } from './ViewerMessage'
import './viewer.css'

export interface ViewerOptions {
  registry?: LayerRegistry
  /** Default: the system's prefers-reduced-motion. */
  reducedMotion?: boolean
  /** Keep the last frame readable (tests, stills). */
  preserveDrawingBuffer?: boolean
  /** At most 30 frames per second (default: the stored battery-saver setting, see ViewerApp). */
  batterySaver?: boolean
  onCreated?: (state: RootState) => void
}

export interface ViewerHandle {
  /** What the viewer decided to show. */
  readonly shows: 'dream' | 'journey' | 'error'
  unmount(): void
}

export function mountViewer(root: HTMLElement, route: Extract<Route, { name: 'viewer' }>, options: ViewerOptions = {}): ViewerHandle {
  const registry = options.registry ?? appRegistry
  const reactRoot = createRoot(root)
  let shows: ViewerHandle['shows'] = 'error'

  function show(current: Extract<Route, { name: 'viewer' }>) {
    const result = current.journey ? decodeJourneyLink(current.payload, { registry }) : decodeLink(current.payload, { registry })
    if (!result.ok) {
      shows = 'error'
      reactRoot.render(<LinkError code={result.error.code} message={result.error.message} path={result.error.path} journey={current.journey} />)
      return
    }
    shows = current.journey ? 'journey' : 'dream'
    const content: ViewerContent =
      'journey' in result ? { kind: 'journey', journey: result.journey } : { kind: 'dream', document: result.document, payload: current.payload }
    reactRoot.render(
      <ViewerApp
        // A new link is a new viewer (fresh clock, store and flash question).
        key={`${current.journey ? 'j' : 'd'}=${current.payload}`}
        content={content}
        registry={registry}
        reducedMotion={options.reducedMotion ?? prefersReducedMotion()}
        preserveDrawingBuffer={options.preserveDrawingBuffer}
        batterySaver={options.batterySaver}
        onCreated={options.onCreated}
      />,
    )
  }
  show(route)

  // Another dream link opened in this tab (pasted, or clicked in a page) changes only the fragment: follow it,
  // when this viewer shows the page's own link (an embed given a route directly does not follow the page).
  const sameRoute = (a: Route, b: Route) => a.name === 'viewer' && b.name === 'viewer' && a.payload === b.payload && a.journey === b.journey
  let current: Route = route
  const follows = sameRoute(parseRoute(window.location.hash), route)
  const onHashChange = () => {
    const next = parseRoute(window.location.hash)
    if (next.name !== 'viewer' || sameRoute(next, current)) return
    current = next
    show(next)
  }
  if (follows) window.addEventListener('hashchange', onHashChange)

  return {
    get shows() {
      return shows
    },
    unmount() {
      window.removeEventListener('hashchange', onHashChange)
      reactRoot.unmount()
    },
  }
}
