/**
 * Draw nothing when nobody watches. The canvas runs r3f's frameloop 'never' and this scheduler draws every
 * frame itself with r3f's `advance()`; r3f's `invalidate()` (prop updates, orbit controls) is routed here too:
 *
 * - live (playing, the tab visible, the canvas on screen): a loop of its own, capped at `maxFps` (the
 *   display's rate up to 60 by default; 30 for battery saver). Nothing else can add frames on top of the cap.
 * - idle (paused, hidden, scrolled out of view): nothing is scheduled at all. A change (an edit to the
 *   document, a quality change, a resize, a seek, a camera move, pointer motion under the parallax camera)
 *   draws exactly one frame, when it can be seen.
 *
 * The loop's state is registered for the renderer (registerLiveFrames), whatever the canvas's quality settings:
 * the soft passes amortise the live frames of any playing loop (amortisedSoftPass.ts), while frames drawn for a
 * change, and stills and video frames (drawn outside this loop), shade every texel.
 *
 * Frame timing can be injected (`timing`), so tests step simulated time instead of waiting for real frames.
 */
import { useFrame, useStore as useRootStore, useThree, type RootState } from '@react-three/fiber'
import { useLayoutEffect } from 'react'
import type { StoreApi } from 'zustand/vanilla'
import type { DreamDocument } from '../core/document'
import type { DreamClock } from './clock'
import { registerLiveFrames } from './amortisedSoftPass'

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
  /**
   * Runs before the first frame (compiling programs in parallel, see warmup.ts); nothing is drawn until it
   * settles, or until WARMUP_LIMIT_MS have passed.
   */
  warmup?: (state: RootState) => Promise<void>
}

/** The first frame never waits longer than this for the warm-up (a browser whose compile status never settles). */
const WARMUP_LIMIT_MS = 20_000

/** Lives inside the r3f root. Renders nothing. */
export function FrameScheduler({ clock, store, loop, maxFps = DEFAULT_MAX_FPS, timing = browserTiming, watch, warmup }: FrameSchedulerProps) {
  const rootStore = useRootStore()
  const get = rootStore.getState
  const canvas = useThree((state) => state.gl.domElement)

  useLayoutEffect(() => {
    const cap = new FrameCap(maxFps)
    let visible = document.visibilityState !== 'hidden'
    // until the observer reports, assume on screen (the first frame must not wait for it)
    let inView = true
    /** The live loop's next callback, or null when idle. */
    let handle: number | null = null
    /** An idle frame's callback, or null. */
    let single: number | null = null
    let disposed = false
    let ready = !warmup
    // r3f never draws on its own: every frame comes from here (advance), so nothing can add frames on top of
    // the cap or draw while nobody watches
    const original = get().invalidate
    get().setFrameloop('never')
    const unregisterLive = registerLiveFrames(get().gl, loop)

    const draw = (timestamp: number) => {
      const state = get()
      // 'never' measures deltas from the timestamps advance() is given (seconds)
      state.advance(timestamp / 1000, true)
    }

    /** Something changed: one frame outside the live loop, on the next animation frame. */
    let pending = false
    const requestOne = () => {
      // a change made while a frame is drawn (a journey's morph step) is in that frame already
      if (disposed || loop.drawing) return
      pending = true
      flush()
    }
    /** Draws the pending frame once it can be seen (hidden or scrolled away: when it comes back). */
    const flush = () => {
      if (!pending || !ready || handle !== null || single !== null || !visible || !inView) return
      pending = false
      single = timing.request((timestamp) => {
        single = null
        if (!disposed && handle === null) draw(timestamp)
      })
    }
    // r3f's own requests for a frame (a prop update, orbit controls moving the camera) go through the same
    // door; one made while a frame is drawn (controls still easing) asks for the next one
    const invalidate = () => {
      if (disposed) return
      pending = true
      if (loop.drawing) queueMicrotask(flush)
      else flush()
    }
    rootStore.setState({ invalidate })

    const tick = (timestamp: number) => {
      handle = timing.request(tick)
      if (!cap.due(timestamp)) return
      pending = false // this frame shows every change so far
      loop.live = true
      try {
        draw(timestamp)
      } finally {
        loop.live = false
      }
    }

    const update = () => {
      if (disposed || !ready) return
      const shouldRun = !clock.paused && visible && inView
      if (shouldRun && handle === null) {
        cap.reset()
        loop.runs++
        clock.resync()
        if (single !== null) timing.cancel(single)
        single = null
        let first = true
        handle = timing.request(function start(timestamp) {
          // the first delta is one nominal frame, not the time since the last frame drawn
          if (first) {
            first = false
            get().clock.elapsedTime = timestamp / 1000 - 1 / 60
          }
          tick(timestamp)
        })
      } else if (!shouldRun && handle !== null) {
        // the last live frame stays on screen: nothing to draw until something changes
        timing.cancel(handle)
        handle = null
      }
      flush()
    }

    if (warmup) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, WARMUP_LIMIT_MS)))
      void Promise.race([warmup(get()).catch(() => {}), limit]).then(() => {
        clearTimeout(timer)
        if (disposed) return
        ready = true
        update()
      })
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

    const unsubscribeClock = clock.subscribe((change) => {
      update()
      // pausing keeps the picture; a seek or a new pinned time shows another moment
      if (change === 'seek' || change === 'pin') requestOne()
    })
    const unsubscribeStore = store.subscribe((state, previous) => {
      if (state.document !== previous.document) requestOne()
    })
    const unsubscribeWatched = (watch ?? []).map((other) => other.subscribe(requestOne))
    // a resize (or a new pixel ratio) clears the drawing buffer: draw it again once (a scroll moves the
    // canvas on the page, which r3f also reports as a size, but leaves the picture as it is)
    let { width, height } = get().size
    let dpr = get().viewport.dpr
    const unsubscribeRoot = rootStore.subscribe((state) => {
      if (state.size.width === width && state.size.height === height && state.viewport.dpr === dpr) return
      width = state.size.width
      height = state.size.height
      dpr = state.viewport.dpr
      requestOne()
    })
    // the parallax camera follows the pointer: a paused dream follows it one frame per move
    const onPointer = () => {
      if (handle === null && store.getState().document.scene.cameraMotion === 'parallax') requestOne()
    }
    const eventSource = (get().events.connected as HTMLElement | undefined) ?? canvas
    eventSource.addEventListener('pointermove', onPointer, { passive: true })

    // the first frame (a paused dream shows one too)
    pending = true
    update()

    return () => {
      disposed = true
      if (handle !== null) timing.cancel(handle)
      if (single !== null) timing.cancel(single)
      handle = null
      single = null
      if (get().invalidate === invalidate) rootStore.setState({ invalidate: original })
      document.removeEventListener('visibilitychange', onVisibility)
      observer?.disconnect()
      unsubscribeClock()
      unsubscribeStore()
      for (const unsubscribe of unsubscribeWatched) unsubscribe()
      unsubscribeRoot()
      eventSource.removeEventListener('pointermove', onPointer)
      loop.live = false
      unregisterLive()
    }
    // the warm-up belongs to the first mount: a new function identity must not restart the schedule
    // eslint-disable-next-line react-hooks/exhaustive-deps
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
