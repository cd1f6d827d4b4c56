/** The studio mounts in a real browser with its Leva panels, and the palette adds layers. */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { mountStudio, type Studio } from './harness'

let studio: Studio
let root: HTMLElement

beforeAll(async () => {
  studio = await mountStudio({ viewport: [1280, 720] })
  root = studio.root
})

afterAll(() => studio.unmount())

const layerRows = () => [...root.querySelectorAll<HTMLElement>('.ds-layer')]
const panelText = () => document.body.textContent ?? ''

test('the editor shows the layer stack, a Leva folder per layer and the Dream folder', async () => {
  const ids = layerRows().map((row) => row.dataset.layerId!)
  expect(ids.length).toBeGreaterThan(2)
  for (const id of ids) await expect.poll(panelText).toContain(`· ${id}`)
  expect(panelText()).toContain('Dream')
  expect(panelText()).toContain('reroll')
  expect(root.querySelector('canvas')).not.toBeNull()
})

test('adding a layer from the palette adds it to the stack and the panel; undo removes it', async () => {
  const before = layerRows().length
  root.querySelector<HTMLElement>('.ds-palette summary')!.click()
  root.querySelector<HTMLElement>('[data-add-layer="stars"]')!.click()
  await expect.poll(() => layerRows().length).toBe(before + 1)
  const newId = layerRows()[0]!.dataset.layerId!
  await expect.poll(panelText).toContain(`Stars · ${newId}`)
  const undo = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Undo')!
  undo.click()
  await expect.poll(() => layerRows().length).toBe(before)
})

test('layer rows reorder, toggle, duplicate and remove', async () => {
  const top = () => layerRows()[0]!
  const firstId = top().dataset.layerId!
  top().querySelector<HTMLElement>('[title="Move down"]')!.click()
  await expect.poll(() => layerRows()[1]!.dataset.layerId).toBe(firstId)
  layerRows()[1]!.querySelector<HTMLElement>('[title="Hide layer"]')!.click()
  await expect.poll(() => layerRows()[1]!.className).toContain('is-off')
  const count = layerRows().length
  layerRows()[1]!.querySelector<HTMLElement>('[title="Duplicate"]')!.click()
  await expect.poll(() => layerRows().length).toBe(count + 1)
  layerRows()[0]!.querySelector<HTMLElement>('[title="Remove"]')!.click()
  await expect.poll(() => layerRows().length).toBe(count)
})
