/**
 * Draw nothing when nobody watches. The canvas runs r3f's frameloop 'demand' (a frame only when asked for)
 * and this scheduler decides when frames are drawn:
 *
 * - live (playing, the tab visible, the canvas on screen): a loop of its own, capped at `maxFps` (the
 *   display's rate up to 60 by default; 30 for battery saver). While live, r3f's loop is switched to 'never'
 *   so nothing else (orbit controls' damping, a prop update) can add frames on top of the cap.
 * - idle (paused, hidden, scrolled out of view): nothing is scheduled at all. A change (an edit to the
 *   document, a quality change, a resize, a seek, a camera move, pointer motion under the parallax camera)
 *   draws exactly one frame.
 *
 * Frame timing can be injected (`timing`), so tests step simulated time instead of waiting for real frames.
 */
import { useFrame, useStore as useRootStore, useThree } from '@react-three/fiber'
import { useLayoutEffect } from 'react'
import type { StoreApi } from 'zustand/vanilla'
import type { DreamDocument } from '../core/document'
import type { DreamClock } from './clock'

/** The display's frame callbacks (requestAnimationFrame by default); timestamps in milliseconds. */
export interface FrameTiming {
  request(callback: (timestamp: number) => void): number
  cancel(handle: number): void
}

export const browserTiming: FrameTiming = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
}

/** The default cap: the display's own rate, but never above 60 (a 144 Hz monitor need not redraw a slow dream 144 times). */
export const DEFAULT_MAX_FPS = 60
/** Battery saver: half the usual rate. */
export const BATTERY_SAVER_FPS = 30

/** Shared between the scheduler and whoever needs to know how the current frame came about (adaptive quality). */
export interface FrameLoopState {
  /** True while the frame being drawn belongs to the continuous (live) loop. */
  live: boolean
  /** Bumped every time continuous drawing starts again (after a pause, a hidden tab, scrolling away). */
  runs: number
  /** True while any frame is being drawn (changes made during a frame are already in it). */
  drawing: boolean
}

export const createFrameLoopState = (): FrameLoopState => ({ live: false, runs: 0, drawing: false })

/** Rate limiting on the display's timestamps: at most `maxFps` frames in any long stretch, no bursts after a stall. */
export class FrameCap {
  private next = Number.NEGATIVE_INFINITY
  constructor(public maxFps: number) {}

  /** Restart (after an idle stretch): the next timestamp draws. */
  reset(): void {
    this.next = Number.NEGATIVE_INFINITY
  }

  /** Whether a frame is due at this timestamp (ms); when it is, the slot is taken. */
  due(timestamp: number): boolean {
    if (!(this.maxFps > 0) || !Number.isFinite(this.maxFps)) return true
    const interval = 1000 / this.maxFps
    // rAF timestamps jitter by a fraction of a millisecond: a 60 Hz display under a 60 fps cap must not skip frames
    const tolerance = Math.min(2, interval * 0.1)
    if (timestamp < this.next - tolerance) return false
    // slots advance by exactly one interval, so the average rate never exceeds the cap; after a stall (a slow
    // frame) the schedule restarts from now rather than drawing a burst to catch up
    this.next = this.next + interval < timestamp ? timestamp + interval : this.next + interval
    return true
  }
}

export interface FrameSchedulerProps {
  clock: DreamClock
  store: StoreApi<{ document: DreamDocument }>
  loop: FrameLoopState
  /** Frames per second at most (default 60). */
  maxFps?: number
  timing?: FrameTiming
  /** Extra stores whose changes must be drawn while idle (adaptive quality's outcome). */
  watch?: readonly StoreApi<unknown>[]
}

/** Lives inside the r3f root. Renders nothing. */
export function FrameScheduler({ clock, store, loop, maxFps = DEFAULT_MAX_FPS, timing = browserTiming, watch }: FrameSchedulerProps) {
  const rootStore = useRootStore()
  const get = rootStore.getState
  const canvas = useThree((state) => state.gl.domElement)

  useLayoutEffect(() => {
    const cap = new FrameCap(maxFps)
    let visible = document.visibilityState !== 'hidden'
    // until the observer reports, assume on screen (the first frame must not wait for it)
    let inView = true
    let handle: number | null = null
    let disposed = false

    /** One frame, outside the live loop, drawn by r3f on its next animation frame. */
    const requestOne = () => {
      if (disposed || loop.drawing || handle !== null) return
      const state = get()
      if (state.frameloop === 'demand') state.invalidate()
    }

    const tick = (timestamp: number) => {
      handle = timing.request(tick)
      if (!cap.due(timestamp)) return
      const state = get()
      loop.live = true
      try {
        state.advance(timestamp / 1000, true)
      } finally {
        loop.live = false
      }
    }

    const update = () => {
      if (disposed) return
      const shouldRun = !clock.paused && visible && inView
      if (shouldRun && handle === null) {
        const state = get()
        state.setFrameloop('never')
        cap.reset()
        loop.runs++
        clock.resync()
        // 'never' measures deltas from the timestamps advance() is given: start from one nominal frame ago
        let first = true
        handle = timing.request(function start(timestamp) {
          if (first) {
            first = false
            state.clock.elapsedTime = timestamp / 1000 - 1 / 60
          }
          tick(timestamp)
        })
      } else if (!shouldRun && handle !== null) {
        timing.cancel(handle)
        handle = null
        // the last live frame stays on screen: nothing to draw until something changes
        get().setFrameloop('demand')
      }
    }

    const onVisibility = () => {
      visible = document.visibilityState !== 'hidden'
      update()
    }
    document.addEventListener('visibilitychange', onVisibility)

    let observer: IntersectionObserver | undefined
    if (typeof IntersectionObserver !== 'undefined') {
      observer = new IntersectionObserver((entries) => {
        const entry = entries[entries.length - 1]
        if (!entry) return
        inView = entry.isIntersecting
        update()
      })
      observer.observe(canvas)
    }

    const unsubscribeClock = clock.subscribe(() => {
      update()
      requestOne()
    })
    const unsubscribeStore = store.subscribe((state, previous) => {
      if (state.document !== previous.document) requestOne()
    })
    const unsubscribeWatched = (watch ?? []).map((other) => other.subscribe(requestOne))
    // a resize (or a new pixel ratio) clears the drawing buffer: draw it again once
    let size = get().size
    let dpr = get().viewport.dpr
    const unsubscribeRoot = rootStore.subscribe((state) => {
      if (state.size === size && state.viewport.dpr === dpr) return
      size = state.size
      dpr = state.viewport.dpr
      requestOne()
    })
    // the parallax camera follows the pointer: a paused dream follows it one frame per move
    const onPointer = () => {
      if (handle === null && store.getState().document.scene.cameraMotion === 'parallax') requestOne()
    }
    const eventSource = (get().events.connected as HTMLElement | undefined) ?? canvas
    eventSource.addEventListener('pointermove', onPointer, { passive: true })

    update()
    if (handle === null) requestOne()

    return () => {
      disposed = true
      if (handle !== null) timing.cancel(handle)
      handle = null
      document.removeEventListener('visibilitychange', onVisibility)
      observer?.disconnect()
      unsubscribeClock()
      unsubscribeStore()
      for (const unsubscribe of unsubscribeWatched) unsubscribe()
      unsubscribeRoot()
      eventSource.removeEventListener('pointermove', onPointer)
      loop.live = false
    }
  }, [rootStore, get, canvas, clock, store, loop, maxFps, timing, watch])

  return <FrameMarkers loop={loop} />
}

/** Marks the span of every frame (first and last frame callbacks), so changes made while drawing ask for no other. */
function FrameMarkers({ loop }: { loop: FrameLoopState }) {
  useFrame(() => void (loop.drawing = true), -1000)
  // a positive priority: r3f leaves rendering to us (the effect composer already renders at priority 1)
  useFrame(() => void (loop.drawing = false), 1000)
  return null
}
