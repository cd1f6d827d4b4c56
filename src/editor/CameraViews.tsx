/**
 * The studio camera: orbiting within limits (above the ground, inside the dream), flights back to the dream
 * camera ("home") or to a saved view, and the Views menu that saves views in the document as bookmarks.
 */
import { OrbitControls } from '@react-three/drei'
import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Vector3 } from 'three'
import { useStore } from 'zustand'
import { CAMERA_BOOKMARKS, type CameraBookmark, type DreamDocument } from '../core/document'
import type { DreamStore } from '../core/dreamStore'
import { CAMERA_HOME, clampView, easeInOutCubic, ORBIT_LIMITS, type CameraView } from '../scene/camera'

/** A flight takes this long (real seconds, so it works while dream time is paused). */
export const FLIGHT_SECONDS = 0.6
/** One frame moves the flight on by at most this much, so a slow frame shows a step of it rather than the end. */
const MAX_FLIGHT_STEP = 0.1

/** What the toolbar asks of the camera inside the canvas. */
export interface StudioCameraLink {
  flyTo(view: CameraView): void
  /** The current view, rounded for saving; null before the canvas is up. */
  current(): CameraView | null
  /** Set by <StudioCamera> while it is mounted. */
  attach(handlers: { flyTo(view: CameraView): void; current(): CameraView }): () => void
}

export function createStudioCameraLink(): StudioCameraLink {
  let handlers: { flyTo(view: CameraView): void; current(): CameraView } | null = null
  return {
    flyTo: (view) => handlers?.flyTo(view),
    current: () => handlers?.current() ?? null,
    attach(next) {
      handlers = next
      return () => {
        if (handlers === next) handlers = null
      }
    },
  }
}

type Controls = {
  target: Vector3
  enableDamping: boolean
  update(): boolean
}

interface Flight {
  fromPosition: Vector3
  fromTarget: Vector3
  toPosition: Vector3
  toTarget: Vector3
  progress: number
}

const round = (v: Vector3) => [v.x, v.y, v.z].map((n) => Math.round(n * 1000) / 1000) as [number, number, number]

/** Orbit controls with limits, plus animated flights. Lives inside the dream's <Canvas>. */
export function StudioCamera({ link }: { link: StudioCameraLink }) {
  const camera = useThree((state) => state.camera)
  const controls = useThree((state) => state.controls) as unknown as Controls | null
  const invalidate = useThree((state) => state.invalidate)
  const flight = useRef<Flight | null>(null)

  useEffect(() => {
    if (!controls) return
    return link.attach({
      flyTo(view) {
        // Let go of any orbit still coasting (damping) before taking the camera: one undamped update spends it.
        const damping = controls.enableDamping
        controls.enableDamping = false
        controls.update()
        controls.enableDamping = damping
        flight.current = {
          fromPosition: camera.position.clone(),
          fromTarget: controls.target.clone(),
          toPosition: new Vector3(...view.position),
          toTarget: new Vector3(...view.target),
          progress: 0,
        }
        invalidate()
      },
      current: () => ({ position: round(camera.position), target: round(controls.target) }),
    })
  }, [link, camera, controls, invalidate])

  // Before the controls' own update (priority -1), which then aims the camera at the moved target.
  useFrame((_, delta) => {
    const current = flight.current
    if (!current || !controls) return
    current.progress = Math.min(1, current.progress + Math.min(Math.max(delta, 0), MAX_FLIGHT_STEP) / FLIGHT_SECONDS)
    const k = easeInOutCubic(current.progress)
    camera.position.lerpVectors(current.fromPosition, current.toPosition, k)
    controls.target.lerpVectors(current.fromTarget, current.toTarget, k)
    if (current.progress >= 1) flight.current = null
    else invalidate()
  }, -2)

  return (
    <OrbitControls
      makeDefault
      enableDamping
      dampingFactor={0.08}
      target={CAMERA_HOME.target}
      minDistance={ORBIT_LIMITS.minDistance}
      maxDistance={ORBIT_LIMITS.maxDistance}
      minPolarAngle={ORBIT_LIMITS.minPolarAngle}
      maxPolarAngle={ORBIT_LIMITS.maxPolarAngle}
      // the artist takes the camera: a flight in progress stops where it is
      onStart={() => void (flight.current = null)}
      onChange={() => {
        if (controls && clampView(camera.position, controls.target)) camera.lookAt(controls.target)
      }}
    />
  )
}

const HOME: CameraView = CAMERA_HOME
/** One empty list for documents without views, so memos keyed on the list stay put between renders. */
const NO_VIEWS: CameraBookmark[] = []

function withViews(doc: DreamDocument, views: CameraBookmark[]): DreamDocument {
  const { cameras: _old, ...rest } = doc
  return views.length > 0 ? { ...rest, cameras: views } : rest
}

function nextViewName(views: readonly CameraBookmark[]): string {
  const taken = new Set(views.map((view) => view.name))
  for (let n = views.length + 1; ; n++) if (!taken.has(`View ${n}`)) return `View ${n}`
}

/** "Reset view" and the Views menu (home, saved views, save this view) for the toolbar. */
export function CameraToolbar({ store, link }: { store: DreamStore; link: StudioCameraLink }) {
  const views = useStore(store, (state) => state.document.cameras) ?? NO_VIEWS
  const [open, setOpen] = useState(false)
  const menu = useRef<HTMLDivElement>(null)
  const full = views.length >= CAMERA_BOOKMARKS.max

  // Escape or a click elsewhere closes the menu.
  useEffect(() => {
    if (!open) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation()
        setOpen(false)
      }
    }
    const onPointer = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) setOpen(false)
    }
    window.addEventListener('keydown', onKey, true)
    window.addEventListener('pointerdown', onPointer, true)
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    return () => {
      window.removeEventListener('keydown', onKey, true)
      window.removeEventListener('pointerdown', onPointer, true)
    }
  }, [open])

  const go = (view: CameraView) => {
    link.flyTo(view)
    setOpen(false)
  }
  const save = () => {
    const current = link.current()
    if (!current) return
    store.edit((doc) => {
      const existing = doc.cameras ?? []
      return withViews(doc, [...existing, { name: nextViewName(existing), position: [...current.position], target: [...current.target] }])
    }, 'cameras')
    setOpen(false)
  }
  const remove = (index: number) => store.edit((doc) => withViews(doc, (doc.cameras ?? []).filter((_, i) => i !== index)), 'cameras')

  const items = useMemo(() => views.map((view, index) => ({ view, index })), [views])

  return (
    <div className="ds-tool-group ds-views" ref={menu}>
      <button onClick={() => go(HOME)} title="Fly back to the dream camera">
        Reset view
      </button>
      <button aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} title="Saved camera views">
        Views{views.length > 0 ? ` (${views.length})` : ''} ▾
      </button>
      {open && (
        <div className="ds-menu" role="menu" aria-label="Camera views">
          <button role="menuitem" onClick={() => go(HOME)}>
            Home
          </button>
          {items.map(({ view, index }) => (
            <div className="ds-menu-row" key={`${index}:${view.name}`}>
              <button role="menuitem" onClick={() => go(view)}>
                {view.name}
              </button>
              <button className="ds-icon" aria-label={`Remove ${view.name}`} title="Remove this view" onClick={() => remove(index)}>
                ✕
              </button>
            </div>
          ))}
          <hr />
          <button role="menuitem" onClick={save} disabled={full} title={full ? `At most ${CAMERA_BOOKMARKS.max} views` : 'Save the current camera in this dreamscape'}>
            Save this view
          </button>
        </div>
      )}
    </div>
  )
}
