// Plays a kept run back from its export, at its own pace or faster, with no broker and no socket:
// a clock advances on animation frames and the frames and events up to it are what is shown.
// State changes only when another frame or event comes into view (or every few hundred ms for
// the clock), so the charts redraw at the run's tick rate, not the screen's.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Frame, RunEvent, RunExport } from '../api/types';

export const SPEEDS = [1, 4, 16] as const;
export type Speed = (typeof SPEEDS)[number];

export interface Replay {
  status: 'loading' | 'ready' | 'error';
  error?: string;
  file: RunExport | undefined;
  /** Milliseconds into the run the replay has reached. */
  clockMs: number;
  durationMs: number;
  playing: boolean;
  speed: Speed;
  frames: Frame[];
  events: RunEvent[];
  latest: Frame | undefined;
  /** Every key the whole run has, so the charts' series do not shift as the replay goes. */
  keys: string[];
  play(): void;
  pause(): void;
  restart(): void;
  setSpeed(speed: Speed): void;
}

/** How many of `items` (sorted by t) have t <= `ms`. */
export function countUpTo(items: readonly { t: number }[], ms: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((items[mid]?.t ?? Infinity) <= ms) low = mid + 1;
    else high = mid;
  }
  return low;
}

const CLOCK_STEP_MS = 200;

export function useReplay(runId: string): Replay {
  const [file, setFile] = useState<RunExport | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);
  const [view, setView] = useState({ clockMs: 0, frames: 0, events: 0 });
  const clock = useRef(0);

  useEffect(() => {
    let cancelled = false;
    setFile(undefined);
    setError(undefined);
    api.exportRun(runId).then(
      (loaded) => {
        if (cancelled) return;
        clock.current = 0;
        setView({ clockMs: 0, frames: 0, events: 0 });
        setFile(loaded);
        setPlaying(true);
      },
      (e: unknown) => {
        if (!cancelled) setError((e as Error).message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [runId]);

  const durationMs = useMemo(() => {
    if (file === undefined) return 0;
    return Math.max(file.frames.at(-1)?.t ?? 0, file.events.at(-1)?.t ?? 0);
  }, [file]);

  useEffect(() => {
    if (!playing || file === undefined) return;
    let raf = 0;
    let last = performance.now();
    let shownAt = last;
    let shown = { frames: -1, events: -1 };
    const step = (now: number): void => {
      clock.current = Math.min(durationMs, clock.current + (now - last) * speed);
      last = now;
      const frames = countUpTo(file.frames, clock.current);
      const events = countUpTo(file.events, clock.current);
      const done = clock.current >= durationMs;
      const moved = frames !== shown.frames || events !== shown.events;
      if (moved || done || now - shownAt >= CLOCK_STEP_MS) {
        shownAt = now;
        shown = { frames, events };
        setView({ clockMs: clock.current, frames, events });
      }
      if (done) setPlaying(false);
      else raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [playing, file, speed, durationMs]);

  const keys = useMemo(() => {
    const seen = new Set<string>();
    for (const frame of file?.frames ?? [])
      for (const key of Object.keys(frame.values)) seen.add(key);
    return [...seen].sort();
  }, [file]);
  const frames = useMemo(() => file?.frames.slice(0, view.frames) ?? [], [file, view.frames]);
  const events = useMemo(() => file?.events.slice(0, view.events) ?? [], [file, view.events]);

  const play = useCallback(() => {
    if (clock.current >= durationMs) {
      clock.current = 0;
      setView({ clockMs: 0, frames: 0, events: 0 });
    }
    setPlaying(true);
  }, [durationMs]);
  const pause = useCallback(() => setPlaying(false), []);
  const restart = useCallback(() => {
    clock.current = 0;
    setView({ clockMs: 0, frames: 0, events: 0 });
    setPlaying(true);
  }, []);

  return {
    status: error !== undefined ? 'error' : file === undefined ? 'loading' : 'ready',
    ...(error === undefined ? {} : { error }),
    file,
    clockMs: view.clockMs,
    durationMs,
    playing,
    speed,
    frames,
    events,
    latest: frames.at(-1),
    keys,
    play,
    pause,
    restart,
    setSpeed,
  };
}
