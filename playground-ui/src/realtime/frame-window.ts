// A bounded window of frames: a run of an hour at 4 frames/s keeps only the newest `capacity`
// frames in the page, so memory stays flat however long the run goes.
import type { Frame } from '../api/types';

export const LIVE_WINDOW_FRAMES = 1200;

/** How far back the live charts look. */
export const LIVE_WINDOW_MS = 120_000;
/** The server's default tick, for a run view that does not say its own. */
export const DEFAULT_TICK_MS = 250;

/** How many frames cover the live charts' window at a run's tick (480 at the default 250 ms). */
export function liveWindowFrames(tickMs: number | undefined): number {
  const tick = tickMs !== undefined && tickMs > 0 ? tickMs : DEFAULT_TICK_MS;
  return Math.ceil(LIVE_WINDOW_MS / tick);
}

export class FrameWindow {
  private frames: Frame[] = [];
  private start = 0;
  /** Every key any frame in the window has held; series are built from these. */
  private readonly keys = new Set<string>();
  private keysVersion = 0;

  constructor(private maxFrames: number = LIVE_WINDOW_FRAMES) {}

  get capacity(): number {
    return this.maxFrames;
  }

  /** Grows the window to hold at least `frames` (a fast tick needs more for the same minutes). */
  reserve(frames: number): void {
    this.maxFrames = Math.max(this.maxFrames, frames);
  }

  get length(): number {
    return this.frames.length - this.start;
  }

  get last(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** Adds a frame; false when it is not newer than the last one (a replayed or late frame). */
  push(frame: Frame): boolean {
    const last = this.last;
    if (last !== undefined && frame.t <= last.t) return false;
    this.frames.push(frame);
    this.noteKeys(frame);
    if (this.length > this.capacity) {
      this.start++;
      // Compact now and then instead of shifting on every frame.
      if (this.start >= this.capacity) {
        this.frames = this.frames.slice(this.start);
        this.start = 0;
      }
    }
    return true;
  }

  /** Replaces the window; when there are more frames than fit, keeps an even sample of them. */
  reset(frames: readonly Frame[]): void {
    this.frames = downsample(frames, this.capacity);
    this.start = 0;
    this.keys.clear();
    this.keysVersion++;
    for (const frame of this.frames) this.noteKeys(frame);
  }

  /** The frames in the window, oldest first (a new array: safe to hand to React). */
  snapshot(maxFrames = this.capacity): Frame[] {
    const from = Math.max(this.start, this.frames.length - maxFrames);
    return this.frames.slice(from);
  }

  /** A string that changes whenever a new key appears (a new partition, a new subscriber). */
  keySignature(): string {
    return `${this.keysVersion}:${this.keys.size}`;
  }

  keyList(): string[] {
    return [...this.keys];
  }

  private noteKeys(frame: Frame): void {
    for (const key in frame.values) {
      if (!this.keys.has(key)) {
        this.keys.add(key);
        this.keysVersion++;
      }
    }
  }
}

export function downsample(frames: readonly Frame[], max: number): Frame[] {
  if (frames.length <= max) return [...frames];
  const out: Frame[] = [];
  const step = (frames.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) {
    const frame = frames[Math.round(i * step)];
    if (frame !== undefined) out.push(frame);
  }
  return out;
}
