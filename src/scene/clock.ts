/**
 * The dream clock. Scene time comes from here, never from frame counts or wall time, so the same
 * document at the same time renders the same picture, and time-based effects run at the same pace on a
 * 30 Hz laptop and a 144 Hz monitor.
 *
 * It also tells the frame scheduler (src/scene/frameScheduler.tsx) when drawing must start or stop: pausing,
 * playing, seeking and pinning notify subscribers, so a paused dream draws nothing until something changes.
 */
/** What a clock subscriber is told about. */
export type ClockChange = 'pause' | 'play' | 'seek' | 'pin'

export class DreamClock {
  /** Dream seconds since the dreamscape started. */
  time = 0
  private pausedValue: boolean
  private pinnedValue: number | null
  /** The next tick measures nothing: the frame after an idle stretch (paused, hidden, out of view). */
  private resyncPending = false
  private readonly listeners = new Set<(change: ClockChange) => void>()

  constructor(options: { time?: number; pinned?: number | null; paused?: boolean } = {}) {
    this.time = options.time ?? options.pinned ?? 0
    this.pinnedValue = options.pinned ?? null
    this.pausedValue = options.paused ?? false
  }

  get paused(): boolean {
    return this.pausedValue
  }
  set paused(value: boolean) {
    if (value === this.pausedValue) return
    this.pausedValue = value
    // playing again: the first frame's delta spans the whole pause
    if (!value) this.resync()
    this.notify(value ? 'pause' : 'play')
  }

  /** When set, time is held at this value (stills, thumbnails, tests). */
  get pinned(): number | null {
    return this.pinnedValue
  }
  set pinned(value: number | null) {
    if (value === this.pinnedValue) return
    this.pinnedValue = value
    if (value !== null) this.time = value
    this.notify('pin')
  }

  /** Jump to a dream time (a seek): a paused dream draws one frame of it. */
  seek(time: number): void {
    if (!Number.isFinite(time)) return
    this.time = Math.max(0, time)
    this.resync()
    this.notify('seek')
  }

  /** The next tick advances by nothing: call when drawing resumes after frames were not drawn. */
  resync(): void {
    this.resyncPending = true
  }

  /** Called on pause, play, seek and pin changes. Returns the unsubscribe function. */
  subscribe(listener: (change: ClockChange) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  private notify(change: ClockChange): void {
    for (const listener of [...this.listeners]) listener(change)
  }

  /** Advance by a frame's real duration. Long stalls are capped so the dream does not jump. */
  tick(deltaSeconds: number, speed: number): number {
    const delta = this.resyncPending ? 0 : deltaSeconds
    this.resyncPending = false
    if (this.pinnedValue !== null) this.time = this.pinnedValue
    else if (!this.pausedValue) this.time += Math.min(Math.max(delta, 0), 0.1) * speed
    return this.time
  }
}
