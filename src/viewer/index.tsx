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
import type { Route } from '../routes'
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
  let shows: ViewerHandle['shows']

  const result = route.journey
    ? decodeJourneyLink(route.payload, { registry })
    : decodeLink(route.payload, { registry })
  if (result.ok) {
    shows = route.journey ? 'journey' : 'dream'
    const content: ViewerContent =
      'journey' in result ? { kind: 'journey', journey: result.journey } : { kind: 'dream', document: result.document, payload: route.payload }
    reactRoot.render(
      <ViewerApp
        content={content}
        registry={registry}
        reducedMotion={options.reducedMotion ?? prefersReducedMotion()}
        preserveDrawingBuffer={options.preserveDrawingBuffer}
        onCreated={options.onCreated}
      />,
    )
  } else {
    shows = 'error'
    reactRoot.render(<LinkError code={result.error.code} message={result.error.message} path={result.error.path} journey={route.journey} />)
  }

  return {
    shows,
    unmount: () => reactRoot.unmount(),
  }
}
