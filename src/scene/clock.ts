/**
 * The dream clock. Scene time comes from here, never from frame counts or wall time, so the same
 * document at the same time renders the same picture, and time-based effects run at the same pace on a
 * 30 Hz laptop and a 144 Hz monitor.
 */
export class DreamClock {
  /** Dream seconds since the dreamscape started. */
  time = 0
  paused = false
  /** When set, time is held at this value (stills, thumbnails, tests). */
  pinned: number | null = null

  constructor(options: { time?: number; pinned?: number | null; paused?: boolean } = {}) {
    this.time = options.time ?? options.pinned ?? 0
    this.pinned = options.pinned ?? null
    this.paused = options.paused ?? false
  }

  /** Advance by a frame's real duration. Long stalls (a hidden tab) are capped so the dream does not jump. */
  tick(deltaSeconds: number, speed: number): number {
    if (this.pinned !== null) this.time = this.pinned
    else if (!this.paused) this.time += Math.min(Math.max(deltaSeconds, 0), 0.1) * speed
    return this.time
  }
}
