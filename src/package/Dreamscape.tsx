/**
 * <Dreamscape source={link} />: a dreamscape as a React component. The source (share link, preset JSON text
 * or a document) goes through the one loader; a bad source renders `fallback` and reports through `onError`
 * instead of throwing during render.
 */
import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { createDreamStore } from '../core/dreamStore'
import { registry as builtInRegistry } from '../layers'
import { PresetError } from '../preset/errors'
import { decodeLink } from '../preset/link'
import { loadPreset } from '../preset/load'
import { DreamCanvas } from '../scene/DreamCanvas'
import { DreamClock } from '../scene/clock'

export interface DreamscapeProps {
  /** A share link, a fragment, preset JSON text or a loaded document. */
  source: string | DreamDocument
  registry?: LayerRegistry
  paused?: boolean
  /** Hold dream time here (a still). */
  time?: number
  /** Reduced motion: no glitch bursts, flash limiter always on. */
  calm?: boolean
  onError?: (error: PresetError) => void
  fallback?: ReactNode
  className?: string
  style?: CSSProperties
}

export function Dreamscape({ source, registry = builtInRegistry, paused, time, calm, onError, fallback = null, className, style }: DreamscapeProps) {
  const result = useMemo(() => {
    const text = typeof source === 'string' ? source.trim() : undefined
    return text !== undefined && !text.startsWith('{') ? decodeLink(text, { registry }) : loadPreset(text ?? source, { registry })
  }, [source, registry])
  const [clock] = useState(() => new DreamClock({ paused, pinned: time ?? null }))
  const store = useMemo(() => (result.ok ? createDreamStore(result.document) : undefined), [result])
  useEffect(() => void (clock.paused = paused ?? false), [clock, paused])
  useEffect(() => void (clock.pinned = time ?? null), [clock, time])
  useEffect(() => {
    if (!result.ok) onError?.(result.error)
  }, [result, onError])
  if (!store) return <>{fallback}</>
  return (
    <div className={className} style={{ position: 'relative', width: '100%', height: '100%', ...style }}>
      <DreamCanvas store={store} registry={registry} clock={clock} calm={calm} />
    </div>
  )
}
