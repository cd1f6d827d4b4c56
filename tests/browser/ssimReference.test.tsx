/**
 * Quality must not drop (issue 14): every built-in preset, rendered the cheap way (soft layers at reduced
 * resolution, upsampled) and in reference mode (every layer at full resolution, nothing cached), at 1280x720
 * and t = 3, 6 and 12 s, must agree to SSIM >= 0.97 on luminance, frame by frame, at full resolution (no
 * downsampling before the comparison, so fine structure such as stars and grain counts).
 *
 * The presets are globbed, so a new preset is covered the moment it is added. The pair with the lowest SSIM of
 * each preset is written to tests/browser/__shots__/ssim-<preset>-<t>-{reference,cheap}.txt (PNG data URLs,
 * git-ignored) for looking at.
 */
import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { ssim } from 'ssim.js'
import { registry } from '../../src/layers'
import { loadPresetOrThrow } from '../../src/preset'
import { mountDream, toDataUrl } from './harness'

const W = 1280
const H = 720
const TIMES = [3, 6, 12]
const MIN_SSIM = 0.97

const presetFiles = import.meta.glob('../../presets/*.json', { eager: true, import: 'default' }) as Record<string, unknown>
const presets = Object.entries(presetFiles)
  .filter(([path]) => !path.endsWith('.schema.json'))
  .map(([path, json]) => ({ name: path.split('/').pop()!.replace(/\.json$/, ''), doc: loadPresetOrThrow(json, { registry }) }))

test('the built-in presets are all here', () => {
  expect(presets.length).toBeGreaterThanOrEqual(9)
})

async function renderTimes(doc: (typeof presets)[number]['doc'], reference: boolean): Promise<Uint8Array[]> {
  const h = await mountDream(doc, { width: W, height: H, reference })
  try {
    return TIMES.map((time) => h.renderAt(time))
  } finally {
    await h.unmount()
  }
}

/** ssim.js wants top-down RGBA image data; it reduces colour to luminance itself. */
const image = (pixels: Uint8Array) => ({ data: new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.byteLength), width: W, height: H })

for (const { name, doc } of presets) {
  test(`${name}: the cheap rendering matches reference mode (SSIM >= ${MIN_SSIM})`, { timeout: 180_000 }, async () => {
    const reference = await renderTimes(doc, true)
    const cheap = await renderTimes(doc, false)
    const scores = TIMES.map((_, i) => ssim(image(reference[i]!), image(cheap[i]!), { downsample: false }).mssim)
    console.log(`ssim ${name}: ${scores.map((s, i) => `t=${TIMES[i]} ${s.toFixed(4)}`).join(', ')}`)
    const worst = scores.indexOf(Math.min(...scores))
    await commands.writeFile(`./__shots__/ssim-${name}-${TIMES[worst]}-reference.txt`, toDataUrl(reference[worst]!, W, H))
    await commands.writeFile(`./__shots__/ssim-${name}-${TIMES[worst]}-cheap.txt`, toDataUrl(cheap[worst]!, W, H))
    scores.forEach((score, i) => expect(score, `t = ${TIMES[i]} s`).toBeGreaterThanOrEqual(MIN_SSIM))
  })
}
