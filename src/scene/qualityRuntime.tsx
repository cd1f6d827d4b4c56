/**
 * <AdaptiveQuality>: lives inside the r3f root, watches real frame times and publishes the quality outcome
 * (pixel ratio + lowered layer knobs) to a QualityStore that <DreamScene> reads. Plain useFrame timing rather
 * than drei's PerformanceMonitor: the decision logic is a pure, tested class (src/scene/quality.ts) and the
 * step order comes from the layer declarations, which PerformanceMonitor knows nothing about.
 */
import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import type { StoreApi } from 'zustand/vanilla'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { heldLevel, levelCosts, planQuality, predictedLevel, qualityAt, QualityGovernor, type QualityStep, type QualityStore } from './quality'
import type { FrameLoopState } from './frameScheduler'

export interface AdaptiveQualityOptions {
  /** Frames per second to hold. 30 suits slow-moving dreams; raise it on fast machines. */
  targetFps?: number
  /** Coarsest pixel ratio allowed. */
  minDpr?: number
}

interface AdaptiveQualityProps extends AdaptiveQualityOptions {
  store: StoreApi<{ document: DreamDocument }>
  registry: LayerRegistry
  quality: QualityStore
  /** Pixel ratio at full quality. */
  maxDpr: number
  /** How the current frame came about: only consecutive frames of the live loop measure the machine. */
  frameLoop?: FrameLoopState
}

export function AdaptiveQuality({ store, registry, quality, maxDpr, targetFps = 30, minDpr = 0.5, frameLoop }: AdaptiveQualityProps) {
  const setDpr = useThree((state) => state.setDpr)
  const size = useThree((state) => state.size)
  const cssPixels = useRef(0)
  cssPixels.current = size.width * size.height
  const governor = useMemo(() => new QualityGovernor(0, { targetFps }), [targetFps])
  const steps = useRef<QualityStep[]>([])
  const publishRef = useRef<() => void>(() => {})

  // A layout effect: the starting level is in place before the first frame is drawn.
  useLayoutEffect(() => {
    // Re-plan when the document changes (a knob's starting value or the layer set may have moved).
    const replan = (doc: DreamDocument) => {
      steps.current = planQuality(doc, registry, { maxDpr, minDpr })
      governor.setMaxLevel(steps.current.length)
      governor.setCosts(levelCosts(doc, registry, steps.current, maxDpr))
      publish()
    }
    const publish = () => {
      const outcome = qualityAt(steps.current, governor.level, maxDpr)
      const previous = quality.getState()
      if (outcome.dpr !== previous.dpr) setDpr(outcome.dpr)
      if (outcome.level !== previous.level || !sameOverrides(outcome.overrides, previous.overrides)) quality.setState(outcome)
    }
    // Start where the model predicts this document fits, or where the last canvas left off (a context restore).
    const first = store.getState().document
    const firstSteps = planQuality(first, registry, { maxDpr, minDpr })
    const held = heldLevel(quality)
    governor.level = Math.min(firstSteps.length, held ?? predictedLevel(levelCosts(first, registry, firstSteps, maxDpr), cssPixels.current, targetFps))
    replan(first)
    let last = store.getState().document
    const unsubscribe = store.subscribe((state) => {
      if (state.document.layers === last.layers) return
      last = state.document
      replan(state.document)
    })
    publishRef.current = publish
    return () => {
      unsubscribe()
      publishRef.current = () => {}
      // leave the page as the artist made it, but remember the level for the next canvas (see heldLevel)
      quality.setState({ level: 0, dpr: maxDpr, overrides: new Map(), softScale: 1, held: governor.level })
      setDpr(maxDpr)
    }
    // the starting level is decided once per mount, not on every resize
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, registry, quality, governor, maxDpr, minDpr, setDpr])

  useEffect(() => {
    // rAF stops while the page is hidden: the first frame back spans the whole gap and must not count
    const onVisibility = () => governor.interrupt()
    document.addEventListener('visibilitychange', onVisibility)
    return () => document.removeEventListener('visibilitychange', onVisibility)
  }, [governor])

  const runs = useRef(-1)
  useFrame((_, delta) => {
    // A frame drawn for a change while idle (an edit while paused), or the first after an idle stretch, says
    // nothing about how fast the machine draws frames in a row.
    if (frameLoop && (!frameLoop.live || frameLoop.runs !== runs.current)) {
      runs.current = frameLoop.runs
      governor.interrupt()
      if (!frameLoop.live) return
    }
    if (governor.frame(delta)) publishRef.current()
  })
  return null
}

function sameOverrides(a: ReadonlyMap<string, Readonly<Record<string, number>>>, b: ReadonlyMap<string, Readonly<Record<string, number>>>) {
  if (a.size !== b.size) return false
  for (const [id, values] of a) {
    const other = b.get(id)
    if (!other) return false
    const keys = Object.keys(values)
    if (keys.length !== Object.keys(other).length || keys.some((key) => values[key] !== other[key])) return false
  }
  return true
}
