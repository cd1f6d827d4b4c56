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
  /** Unmounts the content and removes the canvas. */
  dispose(): void
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
    size: { width, height, top: 0, left: 0 },
    dpr: 1,
    flat: true,
    frameloop: 'never',
    gl: { antialias: false, powerPreference: 'high-performance', preserveDrawingBuffer },
    onCreated: (state) => resolveState(state),
  })
  root.render(content)
  const state = await created
  return {
    root,
    state,
    canvas,
    dispose() {
      root.unmount()
      canvas.remove()
    },
  }
}
