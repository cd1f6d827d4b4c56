/**
 * The viewer route (#d=<payload>, #j=<payload>): decodes the link through the one preset loader and shows the
 * dream full-screen, or a page that says what is wrong with the link. Loaded on its own chunk: it imports
 * neither Leva nor anything from src/editor (tests/unit/viewer-chunks.test.ts checks the built chunks).
 */
import type { RootState } from '@react-three/fiber'
import { createRoot } from 'react-dom/client'
import type { LayerRegistry } from '../core/defineLayer'
import { registry as appRegistry } from '../layers'
import { decodeLink } from '../preset/link'
import type { Route } from '../routes'
import { prefersReducedMotion } from './motion'
import { ViewerApp } from './ViewerApp'
import { LinkError, ViewerMessage } from './ViewerMessage'
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
  readonly shows: 'dream' | 'error' | 'journey-unsupported'
  unmount(): void
}

export function mountViewer(root: HTMLElement, route: Extract<Route, { name: 'viewer' }>, options: ViewerOptions = {}): ViewerHandle {
  const registry = options.registry ?? appRegistry
  const reactRoot = createRoot(root)
  let shows: ViewerHandle['shows']

  if (route.journey) {
    shows = 'journey-unsupported'
    reactRoot.render(
      <ViewerMessage
        tone="info"
        title="Dream journeys need a newer viewer"
        detail="This link holds a journey: several dreamscapes that morph into one another. This version of the viewer can only play single dreamscapes."
        hint="Ask for a link to one of its dreamscapes, or open the editor to explore."
      />,
    )
  } else {
    const result = decodeLink(route.payload, { registry })
    if (result.ok) {
      shows = 'dream'
      reactRoot.render(
        <ViewerApp
          document={result.document}
          registry={registry}
          payload={route.payload}
          reducedMotion={options.reducedMotion ?? prefersReducedMotion()}
          preserveDrawingBuffer={options.preserveDrawingBuffer}
          onCreated={options.onCreated}
        />,
      )
    } else {
      shows = 'error'
      reactRoot.render(<LinkError code={result.error.code} message={result.error.message} path={result.error.path} />)
    }
  }

  return {
    shows,
    unmount: () => reactRoot.unmount(),
  }
}
