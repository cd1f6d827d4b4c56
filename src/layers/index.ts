/**
 * Every layer type the app knows, in palette order. To add one: create src/layers/<type>/index.ts with
 * defineLayer (and shaders/layers/<type>.frag), then list it here. The registry-wide tests pick it up.
 */
import { createRegistry, type AnyLayerType } from '../core/defineLayer'
import { aurora } from './aurora'
import { bloom } from './bloom'
import { city } from './city'
import { clouds } from './clouds'
import { colorGrade } from './color-grade'
import { dreamBlur } from './dream-blur'
import { fireflies } from './fireflies'
import { glitchBlocks } from './glitch-blocks'
import { glitchRgb } from './glitch-rgb'
import { glitchScanlines } from './glitch-scanlines'
import { glitchSignalLoss } from './glitch-signal-loss'
import { glitchSmear } from './glitch-smear'
import { glitchStatic } from './glitch-static'
import { grain } from './grain'
import { islands } from './islands'
import { kaleidoscope } from './kaleidoscope'
import { moon } from './moon'
import { nebula } from './nebula'
import { rain } from './rain'
import { sky } from './sky'
import { stars } from './stars'
import { terrain } from './terrain'
import { water } from './water'

export const layerTypes: readonly AnyLayerType[] = [sky, nebula, stars, terrain, fireflies, bloom, grain, aurora, moon, city, clouds, water, islands, glitchRgb, glitchBlocks, glitchScanlines, glitchStatic, glitchSmear, glitchSignalLoss, rain, dreamBlur, colorGrade, kaleidoscope]

export const registry = createRegistry(layerTypes)
