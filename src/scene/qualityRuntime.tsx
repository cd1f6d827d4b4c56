/**
 * <AdaptiveQuality>: lives inside the r3f root, watches real frame times and publishes the quality outcome
 * (pixel ratio + lowered layer knobs) to a QualityStore that <DreamScene> reads. Plain useFrame timing rather
 * than drei's PerformanceMonitor: the decision logic is a pure, tested class (src/scene/quality.ts) and the
 * step order comes from the layer declarations, which PerformanceMonitor knows nothing about.
 */
import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import type { StoreApi } from 'zustand/vanilla'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { planQuality, qualityAt, QualityGovernor, type QualityStep, type QualityStore } from './quality'

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
}

export function AdaptiveQuality({ store, registry, quality, maxDpr, targetFps = 30, minDpr = 0.5 }: AdaptiveQualityProps) {
  const setDpr = useThree((state) => state.setDpr)
  const governor = useMemo(() => new QualityGovernor(0, { targetFps }), [targetFps])
  const steps = useRef<QualityStep[]>([])
  const publishRef = useRef<() => void>(() => {})

  useEffect(() => {
    // Re-plan when the document changes (a knob's starting value or the layer set may have moved).
    const replan = (doc: DreamDocument) => {
      steps.current = planQuality(doc, registry, { maxDpr, minDpr })
      governor.setMaxLevel(steps.current.length)
      publish()
    }
    const publish = () => {
      const outcome = qualityAt(steps.current, governor.level, maxDpr)
      const previous = quality.getState()
      if (outcome.dpr !== previous.dpr) setDpr(outcome.dpr)
      if (outcome.level !== previous.level || !sameOverrides(outcome.overrides, previous.overrides)) quality.setState(outcome)
    }
    replan(store.getState().document)
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
      // leave the page as the artist made it
      quality.setState({ level: 0, dpr: maxDpr, overrides: new Map() })
      setDpr(maxDpr)
    }
  }, [store, registry, quality, governor, maxDpr, minDpr, setDpr])

  useEffect(() => {
    // rAF stops while the page is hidden: the first frame back spans the whole gap and must not count
    const onVisibility = () => governor.interrupt()
    document.addEventListener('visibilitychange', onVisibility)
    return () => document.removeEventListener('visibilitychange', onVisibility)
  }, [governor])

  useFrame((_, delta) => {
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
