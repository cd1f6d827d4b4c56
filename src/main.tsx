/**
 * Entry: picks the route and loads only its code. The viewer chunk never includes Leva or the editor.
 */
import { parseRoute } from './routes'

const root = document.getElementById('root')!

async function start() {
  const route = parseRoute(window.location.hash)
  if (route.name === 'viewer') {
    const { mountViewer } = await import('./viewer')
    mountViewer(root, route)
  } else {
    const { mountEditor } = await import('./editor')
    mountEditor(root, route)
  }
}

// Switching between a shared link and the editor in the same tab is a full route change.
window.addEventListener('hashchange', (event) => {
  const before = parseRoute(new URL(event.oldURL).hash)
  const after = parseRoute(window.location.hash)
  if (before.name !== after.name || (after.name === 'editor' && after.remix)) window.location.reload()
})

void start()
