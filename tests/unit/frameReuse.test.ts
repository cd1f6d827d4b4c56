import { PerspectiveCamera } from 'three'
import { expect, test } from 'vitest'
import { registerLiveFrames } from '../../src/scene/amortisedSoftPass'
import { createReusableWork, REUSE_REFRESH } from '../../src/scene/frameReuse'

/** Which of `count` live frames, `step` dream seconds apart from `start`, draw the work anew. */
function redraws(count: number, step: number, start = 6): number[] {
  const renderer = {}
  const unregister = registerLiveFrames(renderer, { live: true })
  const camera = new PerspectiveCamera()
  const work = createReusableWork(0)
  const drawn: number[] = []
  for (let i = 0; i < count; i++) {
    // the way a clock makes times: start + i * step, with a float's rounding
    const time = start + i * step
    if (!work.mayReuse(renderer, camera, time, 160, 90)) {
      work.drawn(camera, time, 160, 90)
      drawn.push(i)
    }
  }
  unregister()
  return drawn
}

test('reusable work is redrawn one live frame in REUSE_REFRESH, at 60 Hz and at 20 Hz (a float clock included)', () => {
  expect(REUSE_REFRESH).toBe(3)
  // the first frame has nothing to reuse; then the phase's frames of every three
  const everyThird = [0, 2, 5, 8, 11, 14, 17]
  expect(redraws(20, 1 / 60)).toEqual(everyThird)
  // 0.05 s steps: two of them often come to 0.10000000000000053 s, which must still count as 0.1
  expect(redraws(20, 0.05)).toEqual(everyThird)
  expect(redraws(20, 0.05, 1000.3)).toEqual(everyThird)
  // slower than that, the work is too old to stand in: every frame draws it
  expect(redraws(6, 0.11)).toEqual([0, 1, 2, 3, 4, 5])
})
