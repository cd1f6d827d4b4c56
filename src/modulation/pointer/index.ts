/**
 * The pointer adapter: pointer x/y over the dream (mouse, pen or a finger: pointer events cover touch), the
 * scroll position, and device tilt from deviceorientation, into `inputs.pointer`. Loaded with import() only
 * when a document has a pointer source.
 */
import type { ModulationInputs } from '../inputs'

export interface PointerSession {
  /** iOS asks before it gives orientation: call from a click or tap. Resolves whether tilt is now on. */
  enableTilt(): Promise<boolean>
  /** Whether this device needs `enableTilt()` from a gesture before tilt moves anything. */
  readonly tiltNeedsPermission: boolean
  stop(): void
}

/** Degrees of tilt that read as the full -1..1: a comfortable wrist turn, not holding the phone flat on edge. */
const TILT_RANGE_DEGREES = 30
/** Phones are held leaning back about this much: that reads as 0 for tiltY. */
const RESTING_BETA_DEGREES = 45

type OrientationPermission = { requestPermission?: () => Promise<'granted' | 'denied'> }

const clamp1 = (value: number) => (value > 1 ? 1 : value < -1 ? -1 : value)

/**
 * Follows the pointer over `element` (-1..1 across it, y up; held at the last position when it leaves), the
 * scroll of `scroller` (the page by default; the wheel over the element when the page cannot scroll) and the
 * device's tilt.
 */
export function attachPointer(inputs: ModulationInputs, element: HTMLElement, scroller: Window = window): PointerSession {
  const pointer = inputs.pointer
  pointer.active = true
  let wheel = 0
  const onMove = (event: PointerEvent) => {
    const box = element.getBoundingClientRect()
    if (box.width <= 0 || box.height <= 0) return
    pointer.x = clamp1(((event.clientX - box.left) / box.width) * 2 - 1)
    pointer.y = clamp1(1 - ((event.clientY - box.top) / box.height) * 2)
  }
  const pageScroll = () => {
    const root = scroller.document.documentElement
    const range = root.scrollHeight - scroller.innerHeight
    return range > 0 ? Math.min(1, Math.max(0, scroller.scrollY / range)) : undefined
  }
  const onScroll = () => {
    const page = pageScroll()
    if (page !== undefined) pointer.scroll = page
  }
  const onWheel = (event: WheelEvent) => {
    if (pageScroll() !== undefined) return // the page scrolls: its scroll position is the value
    // a full-screen dream cannot scroll: the wheel winds the value instead (about ten notches end to end)
    wheel = Math.min(1, Math.max(0, wheel + event.deltaY / 1000))
    pointer.scroll = wheel
  }
  const onOrientation = (event: DeviceOrientationEvent) => {
    if (event.gamma === null || event.beta === null) return
    pointer.tiltX = clamp1(event.gamma / TILT_RANGE_DEGREES)
    pointer.tiltY = clamp1((event.beta - RESTING_BETA_DEGREES) / TILT_RANGE_DEGREES)
  }
  let orientationOn = false
  const listenOrientation = () => {
    if (orientationOn) return
    orientationOn = true
    scroller.addEventListener('deviceorientation', onOrientation)
  }
  const orientation = (scroller as unknown as { DeviceOrientationEvent?: OrientationPermission }).DeviceOrientationEvent
  const tiltNeedsPermission = typeof orientation?.requestPermission === 'function'
  if (orientation && !tiltNeedsPermission) listenOrientation()
  // pointermove covers mouse, pen and touch while a finger is down; pointerdown places a tap at once
  element.addEventListener('pointermove', onMove)
  element.addEventListener('pointerdown', onMove)
  element.addEventListener('wheel', onWheel, { passive: true })
  scroller.addEventListener('scroll', onScroll, { passive: true })
  onScroll()
  return {
    tiltNeedsPermission,
    async enableTilt() {
      if (!orientation) return false
      if (tiltNeedsPermission) {
        const answer = await orientation.requestPermission!().catch(() => 'denied' as const)
        if (answer !== 'granted') return false
      }
      listenOrientation()
      return true
    },
    stop() {
      element.removeEventListener('pointermove', onMove)
      element.removeEventListener('pointerdown', onMove)
      element.removeEventListener('wheel', onWheel)
      scroller.removeEventListener('scroll', onScroll)
      if (orientationOn) scroller.removeEventListener('deviceorientation', onOrientation)
      pointer.active = false
      pointer.x = pointer.y = pointer.scroll = pointer.tiltX = pointer.tiltY = 0
    },
  }
}
