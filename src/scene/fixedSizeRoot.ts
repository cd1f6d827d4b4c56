/**
 * Renders React three content on a canvas of an exact size with a manual frame loop: stills, the CLI render
 * page, benchmarks and pixel tests all render a chosen dream time and read pixels back in the same task.
 */
import { createRoot, type ReconcilerRoot, type RootState } from '@react-three/fiber'
import type { ReactNode } from 'react'

export interface FixedSizeRoot {
  root: ReconcilerRoot<HTMLCanvasElement>
  state: RootState
  canvas: HTMLCanvasElement
  /** Gives the canvas another exact size, keeping the manual frame loop (no frame is drawn). */
  resize(width: number, height: number): Promise<void>
  /** Unmounts the content and removes the canvas. */
  dispose(): void
}

/**
 * Every setting of a fixed-size root but the renderer's. r3f's configure() resets each setting it is not given to
 * its default, so a resize passes them all again: given only the new size, a root went to frameloop 'always' and
 * drew its dream on every animation frame from then on, unseen: the bench's kept rigs, after their first resize,
 * kept Chromium's GPU process at 170% of a core (of two) with the measuring page otherwise idle.
 */
function fixedSettings(width: number, height: number) {
  return { size: { width, height, top: 0, left: 0 }, dpr: 1, flat: true, frameloop: 'never' as const }
}

export async function mountFixedSize(
  width: number,
  height: number,
  content: ReactNode,
  { preserveDrawingBuffer = true, parent = document.body }: { preserveDrawingBuffer?: boolean; parent?: HTMLElement } = {},
): Promise<FixedSizeRoot> {
  const canvas = document.createElement('canvas')
  canvas.style.cssText = `width:${width}px;height:${height}px;display:block`
  parent.appendChild(canvas)
  const root = createRoot(canvas)
  let resolveState: (state: RootState) => void = () => {}
  const created = new Promise<RootState>((resolve) => (resolveState = resolve))
  await root.configure({
    ...fixedSettings(width, height),
    gl: { antialias: false, powerPreference: 'high-performance', preserveDrawingBuffer },
    onCreated: (state) => resolveState(state),
  })
  root.render(content)
  const state = await created
  return {
    root,
    state,
    canvas,
    async resize(w, h) {
      canvas.style.width = `${w}px`
      canvas.style.height = `${h}px`
      await root.configure(fixedSettings(w, h))
    },
    dispose() {
      root.unmount()
      canvas.remove()
    },
  }
}
