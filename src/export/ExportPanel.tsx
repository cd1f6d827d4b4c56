/**
 * <ExportPanel>: art output for the editor and the viewer. A PNG still at a chosen size (up to 4K) and dream
 * time; a frame-exact MP4 (every frame rendered at its own dream time, WebCodecs, with progress, time left
 * and cancel); and a real-time WebM recording of a chosen length with a progress bar. Plain React and inline styles, so the
 * viewer can mount it without pulling in the editor's panels.
 */
import { useEffect, useRef, useState, type CSSProperties } from 'react'
import type { DreamSceneHandle } from '../scene/DreamScene'
import { downloadBlob, exportStill, fileSlug, stillSizeProblem, STILL_SIZES } from './still'
import { canRecordVideo, MAX_VIDEO_SECONDS, recordVideo } from './video'
import { canEncodeVideo, formatDuration, FRAME_VIDEO_RATES, frameVideoProblem, MAX_FRAME_VIDEO_SECONDS, renderFrameVideo, type FrameVideoProgress } from './frameVideo'

export interface ExportPanelProps {
  /** From <DreamScene onReady>; null while the scene is not mounted. */
  handle: DreamSceneHandle | null
  /** The dream's title, used for file names. */
  title: string
  className?: string
  style?: CSSProperties
}

type Busy =
  | { kind: 'still'; label: string }
  | { kind: 'video'; progress: number; abort: AbortController }
  | { kind: 'frames'; progress: FrameVideoProgress | null; abort: AbortController }
  | null

const VIDEO_SIZES = [
  { label: 'HD 1280×720', width: 1280, height: 720 },
  { label: 'Full HD 1920×1080', width: 1920, height: 1080 },
  { label: 'Portrait 1080×1920', width: 1080, height: 1920 },
  { label: 'Square 1080×1080', width: 1080, height: 1080 },
  { label: '4K 3840×2160', width: 3840, height: 2160 },
] as const

const formatBytes = (bytes: number) =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`

const styles = {
  panel: { display: 'grid', gap: 10, padding: 12, minWidth: 240, color: '#e9e4ff', font: '13px/1.4 system-ui, sans-serif' },
  row: { display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' },
  input: { width: 70, background: '#14122b', color: 'inherit', border: '1px solid #3a3566', borderRadius: 4, padding: '3px 5px' },
  select: { background: '#14122b', color: 'inherit', border: '1px solid #3a3566', borderRadius: 4, padding: '3px 5px' },
  button: { background: '#f06ec4', color: '#1a0b24', border: 0, borderRadius: 4, padding: '5px 10px', fontWeight: 600, cursor: 'pointer' },
  quiet: { background: 'transparent', color: 'inherit', border: '1px solid #3a3566', borderRadius: 4, padding: '4px 9px', cursor: 'pointer' },
  heading: { margin: 0, fontSize: 12, letterSpacing: '0.08em', textTransform: 'uppercase', opacity: 0.7 },
  note: { margin: 0, fontSize: 12, opacity: 0.8 },
  error: { margin: 0, fontSize: 12, color: '#ff9b9b' },
} satisfies Record<string, CSSProperties>

export function ExportPanel({ handle, title, className, style }: ExportPanelProps) {
  const [preset, setPreset] = useState('1')
  const [width, setWidth] = useState(1920)
  const [height, setHeight] = useState(1080)
  const [time, setTime] = useState<string>('')
  const [seconds, setSeconds] = useState(10)
  const [videoSize, setVideoSize] = useState('0')
  const [fps, setFps] = useState(30)
  const [videoSeconds, setVideoSeconds] = useState(10)
  const [busy, setBusy] = useState<Busy>(null)
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null)
  const mounted = useRef(true)
  const recording = useRef<AbortController | null>(null)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      recording.current?.abort() // a recording outlives no panel
    }
  }, [])

  const sizeProblem = stillSizeProblem(width, height)
  const slug = fileSlug(title)

  function choosePreset(value: string) {
    setPreset(value)
    const size = STILL_SIZES[Number(value)]
    if (size) {
      setWidth(size.width)
      setHeight(size.height)
    }
  }

  async function saveStill() {
    if (!handle || busy || sizeProblem) return
    const at = time.trim() === '' ? handle.clock.time : Number(time)
    if (!Number.isFinite(at) || at < 0) return setMessage({ text: 'the time must be a number of seconds, 0 or more', error: true })
    setBusy({ kind: 'still', label: `Rendering ${width}×${height}…` })
    setMessage(null)
    // let the "Rendering" label paint before the long synchronous frame
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    try {
      const result = await exportStill(handle, { width, height, time: at })
      downloadBlob(result.blob, `${slug}-${width}x${height}-t${at.toFixed(1)}.png`)
      if (mounted.current)
        setMessage({ text: `Saved ${width}×${height} PNG (${formatBytes(result.blob.size)}) in ${((result.renderMs + result.encodeMs) / 1000).toFixed(1)} s` })
    } catch (error) {
      if (mounted.current) setMessage({ text: error instanceof Error ? error.message : String(error), error: true })
    } finally {
      if (mounted.current) setBusy(null)
    }
  }

  async function record() {
    if (!handle || busy) return
    const abort = new AbortController()
    recording.current = abort
    setBusy({ kind: 'video', progress: 0, abort })
    setMessage(null)
    try {
      const result = await recordVideo(handle.gl.domElement, {
        seconds,
        signal: abort.signal,
        onProgress: (progress) => mounted.current && setBusy({ kind: 'video', progress, abort }),
      })
      downloadBlob(result.blob, `${slug}-${Math.round(result.seconds)}s.webm`)
      if (mounted.current) setMessage({ text: `Saved ${result.seconds.toFixed(1)} s WebM (${formatBytes(result.blob.size)})` })
    } catch (error) {
      if (mounted.current) setMessage({ text: error instanceof Error ? error.message : String(error), error: true })
    } finally {
      recording.current = null
      if (mounted.current) setBusy(null)
    }
  }

  async function renderVideo() {
    const size = VIDEO_SIZES[Number(videoSize)]
    if (!handle || busy || !size) return
    const options = { width: size.width, height: size.height, fps, duration: videoSeconds }
    const problem = frameVideoProblem(options)
    if (problem) return setMessage({ text: problem, error: true })
    const abort = new AbortController()
    recording.current = abort
    setBusy({ kind: 'frames', progress: null, abort })
    setMessage(null)
    try {
      const result = await renderFrameVideo(handle, {
        ...options,
        signal: abort.signal,
        onProgress: (progress) => mounted.current && setBusy({ kind: 'frames', progress, abort }),
      })
      const blob = new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type: result.mimeType })
      downloadBlob(blob, `${slug}-${size.width}x${size.height}-${fps}fps-${videoSeconds}s.mp4`)
      if (mounted.current) {
        const speed = videoSeconds / (result.renderMs / 1000)
        const pace = speed >= 1 ? `${speed.toFixed(1)}× real time` : `1/${(1 / speed).toFixed(1)} of real time`
        setMessage({ text: `Saved ${result.frames} frames (${videoSeconds} s MP4, ${formatBytes(blob.size)}) in ${formatDuration(result.renderMs)}, ${pace}` })
      }
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError'
      if (mounted.current) setMessage(cancelled ? { text: 'Video cancelled; nothing was saved.' } : { text: error instanceof Error ? error.message : String(error), error: true })
    } finally {
      recording.current = null
      if (mounted.current) setBusy(null)
    }
  }

  const disabled = !handle || busy !== null
  const videoSupported = canRecordVideo(handle?.gl.domElement)

  return (
    <section className={className} style={{ ...styles.panel, ...style }} aria-label="Export">
      <h3 style={styles.heading}>Still (PNG)</h3>
      <div style={styles.row}>
        <select aria-label="still size" style={styles.select} value={preset} onChange={(e) => choosePreset(e.target.value)} disabled={disabled}>
          {STILL_SIZES.map((size, i) => (
            <option key={size.label} value={String(i)}>
              {size.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </div>
      <div style={styles.row}>
        <input aria-label="width" style={styles.input} type="number" min={1} max={3840} value={width} disabled={disabled}
          onChange={(e) => (setPreset('custom'), setWidth(Math.round(Number(e.target.value))))} />
        ×
        <input aria-label="height" style={styles.input} type="number" min={1} max={3840} value={height} disabled={disabled}
          onChange={(e) => (setPreset('custom'), setHeight(Math.round(Number(e.target.value))))} />
        <label style={styles.row}>
          at
          <input aria-label="dream time in seconds" style={styles.input} type="number" min={0} step={0.1} placeholder="now"
            value={time} disabled={disabled} onChange={(e) => setTime(e.target.value)} />
          s
        </label>
      </div>
      {sizeProblem && <p style={styles.error}>{sizeProblem}</p>}
      <div style={styles.row}>
        <button type="button" style={styles.button} onClick={saveStill} disabled={disabled || !!sizeProblem}>
          Save PNG
        </button>
        {busy?.kind === 'still' && <span style={styles.note}>{busy.label}</span>}
      </div>

      <h3 style={styles.heading}>Video (frame-exact MP4)</h3>
      {canEncodeVideo() ? (
        <>
          <div style={styles.row}>
            <select aria-label="video size" style={styles.select} value={videoSize} onChange={(e) => setVideoSize(e.target.value)} disabled={disabled}>
              {VIDEO_SIZES.map((size, i) => (
                <option key={size.label} value={String(i)}>
                  {size.label}
                </option>
              ))}
            </select>
            <select aria-label="frames per second" style={styles.select} value={fps} onChange={(e) => setFps(Number(e.target.value))} disabled={disabled}>
              {FRAME_VIDEO_RATES.map((rate) => (
                <option key={rate} value={rate}>
                  {rate} fps
                </option>
              ))}
            </select>
          </div>
          <div style={styles.row}>
            <label style={styles.row}>
              length
              <input aria-label="frame-exact video length in seconds" style={styles.input} type="number" min={1} max={MAX_FRAME_VIDEO_SECONDS}
                value={videoSeconds} disabled={disabled}
                onChange={(e) => setVideoSeconds(Math.min(MAX_FRAME_VIDEO_SECONDS, Math.max(1, Number(e.target.value) || 1)))} />
              s
            </label>
            {busy?.kind === 'frames' ? (
              <button type="button" style={styles.quiet} onClick={() => busy.abort.abort()}>
                Cancel
              </button>
            ) : (
              <button type="button" style={styles.button} onClick={renderVideo} disabled={disabled}>
                Render video
              </button>
            )}
          </div>
          {busy?.kind === 'frames' && (
            <>
              <progress aria-label="video rendering progress" max={1} value={busy.progress?.fraction ?? 0} style={{ width: '100%' }} />
              <p style={styles.note} aria-live="polite">
                {busy.progress
                  ? `frame ${busy.progress.frame} of ${busy.progress.frames}${busy.progress.remainingMs === undefined ? '' : `, about ${formatDuration(busy.progress.remainingMs)} left`}`
                  : 'Starting the encoder…'}
              </p>
            </>
          )}
          <p style={styles.note}>Every frame is drawn at its own time, so slow machines take longer but drop nothing.</p>
        </>
      ) : (
        <p style={styles.note}>This browser has no WebCodecs video encoder (it needs https and a recent Chromium, Edge or Safari).</p>
      )}

      <h3 style={styles.heading}>Live recording (WebM)</h3>
      {videoSupported ? (
        <>
          <div style={styles.row}>
            <label style={styles.row}>
              length
              <input aria-label="video length in seconds" style={styles.input} type="number" min={1} max={MAX_VIDEO_SECONDS}
                value={seconds} disabled={disabled}
                onChange={(e) => setSeconds(Math.min(MAX_VIDEO_SECONDS, Math.max(1, Number(e.target.value) || 1)))} />
              s
            </label>
            {busy?.kind === 'video' ? (
              <button type="button" style={styles.quiet} onClick={() => busy.abort.abort()}>
                Stop
              </button>
            ) : (
              <button type="button" style={styles.button} onClick={record} disabled={disabled}>
                Record
              </button>
            )}
          </div>
          {busy?.kind === 'video' && (
            <progress aria-label="recording progress" max={1} value={busy.progress} style={{ width: '100%' }} />
          )}
        </>
      ) : (
        <p style={styles.note}>This browser cannot record WebM from a canvas.</p>
      )}
      {message && <p role="status" style={message.error ? styles.error : styles.note}>{message.text}</p>}
    </section>
  )
}
