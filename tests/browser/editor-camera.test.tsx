/**
 * Issue 12.1: orbiting keeps the camera above the ground and inside the dream, Reset view returns to the dream
 * camera (animated), and camera bookmarks are saved in the document.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { userEvent } from 'vitest/browser'
import { Vector3 } from 'three'
import type { DreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { loadPreset } from '../../src/preset/load'
import { serializePreset } from '../../src/preset/serialize'
import { CAMERA_HOME } from '../../src/scene/camera'
import { mountStudio, untilReady, type Studio } from './harness'

let studio: Studio
let root: HTMLElement
let store: DreamStore
let canvas: HTMLCanvasElement

beforeAll(async () => {
  // small window, cheap dream: a software-rendered frame of the full studio takes seconds
  studio = await mountStudio({ viewport: [800, 500], layers: ['sky', 'terrain'], picture: true })
  ;({ root, store } = studio)
  canvas = studio.canvas()
  await untilReady(() => !!three().controls, 'the camera controls')
  // No coasting after a drag: on a software renderer damping takes many slow frames to let go, and these
  // tests are about where the camera may go, not how it glides there.
  ;(three().controls as unknown as { enableDamping: boolean }).enableDamping = false
  // The opening notice would sit over the picture where the drags go.
  ;[...root.querySelectorAll<HTMLButtonElement>('.ds-notice button')].find((b) => b.textContent === 'Dismiss')?.click()
})

afterAll(() => studio.unmount())

const three = () => studio.three()
type Controls = { target: Vector3; getPolarAngle(): number }
const controls = () => three().controls as unknown as Controls
const cameraPosition = () => three().camera.position.clone()
const home = new Vector3(...CAMERA_HOME.position)
const homeTarget = new Vector3(...CAMERA_HOME.target)

const frames = (n = 1) => new Promise<void>((resolve) => {
  const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)))
  step(n)
})

/** Waits until damping has let go of the camera. */
async function settle() {
  let last = cameraPosition()
  await expect
    .poll(
      async () => {
        await frames(2)
        const now = cameraPosition()
        const moved = now.distanceTo(last)
        last = now
        return moved
      },
      { timeout: 30_000, interval: 50 },
    )
    .toBeLessThan(0.005)
}

/**
 * A real mouse drag across the picture, offsets in CSS pixels from the canvas centre. Both ends must be on the
 * open picture (the middle column, ~250 px wide at 800x500): Playwright waits for the canvas to be hit there.
 */
async function drag(from: [number, number], to: [number, number]) {
  const box = canvas.getBoundingClientRect()
  const at = ([dx, dy]: [number, number]) => ({ x: box.width / 2 + dx, y: box.height / 2 + dy })
  await userEvent.dragAndDrop(canvas, canvas, { sourcePosition: at(from), targetPosition: at(to) } as never)
  await settle()
}

const button = (name: RegExp) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => name.test(b.textContent ?? ''))!

test('a drag that used to take the camera under the terrain stops above the ground', async () => {
  expect(cameraPosition().distanceTo(home)).toBeLessThan(0.01)
  // The drag: (550,400) to (420,330) at 1100x700, i.e. up and left; then harder, then the other way.
  await drag([0, 50], [-100, -20])
  expect(three().camera.getWorldPosition(new Vector3()).y).toBeGreaterThan(0.5)
  await drag([0, 150], [0, -150])
  const world = three().camera.getWorldPosition(new Vector3())
  expect(world.y).toBeGreaterThan(0.5)
  expect(controls().getPolarAngle()).toBeLessThan(Math.PI / 2 + 0.01)
  // and down as far as a drag goes: the camera stops short of looking straight down
  await drag([0, -150], [0, 200])
  expect(controls().getPolarAngle()).toBeGreaterThan(0.1)
})

test('the camera stays inside the dream: zooming far out stops, the target stays near the scene', async () => {
  canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 4000, clientX: 500, clientY: 300, bubbles: true, cancelable: true }))
  for (let i = 0; i < 30; i++) canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 400, clientX: 500, clientY: 300, bubbles: true, cancelable: true }))
  await settle()
  expect(cameraPosition().distanceTo(controls().target)).toBeLessThanOrEqual(60.01)
  expect(cameraPosition().length()).toBeLessThan(120)
})

test('Reset view flies back to the dream camera, animated', async () => {
  await drag([0, 0], [-100, 40])
  expect(cameraPosition().distanceTo(home)).toBeGreaterThan(1)
  button(/Reset view/).click()
  await frames(1)
  const early = cameraPosition()
  // A frame lasts at most 0.1 s of the animation (~0.6 s), so the first frame is on the way, not there.
  expect(early.distanceTo(home)).toBeGreaterThan(0.01)
  await expect.poll(() => cameraPosition().distanceTo(home), { timeout: 20_000 }).toBeLessThan(0.02)
  expect(controls().target.distanceTo(homeTarget)).toBeLessThan(0.02)
})

test('a view saved as a bookmark is in the document, survives a file round trip, and can be returned to', async () => {
  await drag([0, 0], [100, 30])
  const saved = cameraPosition()
  button(/^Views/).click()
  await expect.poll(() => button(/Save this view/)).toBeTruthy()
  button(/Save this view/).click()
  await expect.poll(() => store.getState().document.cameras?.length ?? 0).toBe(1)
  const bookmark = store.getState().document.cameras![0]!
  expect(new Vector3(...bookmark.position).distanceTo(saved)).toBeLessThan(0.05)
  const reloaded = loadPreset(serializePreset(store.getState().document, { registry }), { registry })
  expect(reloaded.ok && reloaded.document.cameras).toEqual(store.getState().document.cameras)

  button(/Reset view/).click()
  await expect.poll(() => cameraPosition().distanceTo(home), { timeout: 20_000 }).toBeLessThan(0.02)
  button(/^Views/).click()
  await expect.poll(() => button(new RegExp(bookmark.name))).toBeTruthy()
  button(new RegExp(`^${bookmark.name}$`)).click()
  await expect.poll(() => cameraPosition().distanceTo(saved), { timeout: 20_000 }).toBeLessThan(0.05)
})
