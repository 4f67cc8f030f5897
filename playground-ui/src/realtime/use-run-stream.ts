// A run's frames, events and state, live or recorded. A live run is joined over Socket.IO (its
// history first, then frames as they tick); a finished one is read from the HTTP API. Frames are
// batched per animation frame and flushed synchronously, so a frame reaches the chart within one
// animation frame of its arrival, and the page holds a bounded window of them. A read that fails
// leaves the stream in `error` with the reason, and `retry` starts it over.
import { useCallback, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { api, ApiError } from '../api/client';
import type { Frame, RunEvent, RunView, ServerToClient } from '../api/types';
import { FrameWindow, liveWindowFrames } from './frame-window';
import { getSocket } from './socket';
import { useConnection } from './use-connection';
import { renderStats } from '../perf/render-stats';

const MAX_EVENTS = 500;

export type StreamStatus = 'loading' | 'live' | 'ended' | 'missing' | 'error';

export interface RunStream {
  runId: string;
  status: StreamStatus;
  error?: string;
  run: RunView | undefined;
  frames: Frame[];
  latest: Frame | undefined;
  /** Every key seen in the window, stable between frames unless a key appears. */
  keys: string[];
  events: RunEvent[];
  /** Reads the run again from the start (after an error). */
  retry(): void;
}

export function useRunStream(runId: string | undefined): RunStream | undefined {
  const [stream, setStream] = useState<RunStream | undefined>(undefined);
  const { epoch } = useConnection();
  // The first connection needs no resync; every later one (the server came back) does.
  const resync = epoch <= 1 ? 0 : epoch;
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    if (runId === undefined) return;
    const socket = getSocket();
    const frames = new FrameWindow();
    let events: RunEvent[] = [];
    let run: RunView | undefined;
    let status: StreamStatus = 'loading';
    let error: string | undefined;
    let keys: string[] = [];
    let keySignature = '';
    let cancelled = false;
    let joined = false;
    let raf = 0;
    let pendingSince: number | undefined;
    let pendingFrames = 0;

    const publish = (): void => {
      // A fast tick needs more frames for the charts' minutes than the default window holds.
      frames.reserve(liveWindowFrames(run?.tickMs));
      if (frames.keySignature() !== keySignature) {
        keySignature = frames.keySignature();
        keys = frames.keyList().sort();
      }
      setStream({
        runId,
        status,
        ...(error === undefined ? {} : { error }),
        run,
        frames: frames.snapshot(),
        latest: frames.last,
        keys,
        events,
        retry,
      });
    };
    const flush = (): void => {
      raf = 0;
      if (cancelled) return;
      const begin = performance.now();
      flushSync(publish);
      renderStats.recordCommit(performance.now() - begin);
      if (pendingSince !== undefined && pendingFrames > 0) {
        renderStats.record(performance.now() - pendingSince, pendingFrames);
      }
      pendingSince = undefined;
      pendingFrames = 0;
    };
    const schedule = (): void => {
      if (raf === 0 && !cancelled) raf = requestAnimationFrame(flush);
    };

    const loadRecorded = async (): Promise<void> => {
      const [recorded, narration] = await Promise.all([api.frames(runId), api.events(runId)]);
      if (cancelled) return;
      frames.reserve(recorded.frames.length);
      frames.reset(recorded.frames);
      events = narration.events.slice(-MAX_EVENTS);
      status = 'ended';
      schedule();
    };
    const fail = (e: unknown, what = 'the run'): void => {
      if (cancelled) return;
      status = e instanceof ApiError && e.status === 404 ? 'missing' : 'error';
      error = `${what}: ${(e as Error).message}`;
      schedule();
    };

    const onHistory: ServerToClient['run:history'] = (history) => {
      if (history.runId !== runId) return;
      frames.reset(history.frames);
      events = history.events.slice(-MAX_EVENTS);
      run = history.run;
      status = history.run.state === 'running' ? 'live' : 'ended';
      schedule();
    };
    const onFrame: ServerToClient['run:frame'] = ({ runId: id, t, values }) => {
      if (id !== runId) return;
      if (!frames.push({ t, values })) return;
      pendingSince ??= performance.now();
      pendingFrames++;
      schedule();
    };
    const onEvent: ServerToClient['run:event'] = ({ runId: id, t, message, level }) => {
      if (id !== runId) return;
      events =
        events.length >= MAX_EVENTS
          ? [...events.slice(1), { t, message, level }]
          : [...events, { t, message, level }];
      schedule();
    };
    const onState: ServerToClient['run:state'] = (view) => {
      if (view.id !== runId) return;
      const ended = run?.state === 'running' && view.state !== 'running';
      run = view;
      if (view.state !== 'running') status = 'ended';
      schedule();
      // The whole record, not just the live window, once the run is over.
      if (ended) loadRecorded().catch((e: unknown) => fail(e, 'the recorded frames'));
    };

    socket.on('run:history', onHistory);
    socket.on('run:frame', onFrame);
    socket.on('run:event', onEvent);
    socket.on('run:state', onState);

    api.run(runId).then((view) => {
      if (cancelled) return;
      run = view;
      if (view.state === 'running') {
        joined = true;
        socket.emit('run:join', { runId }, (answer) => {
          if (!answer.ok) fail(new Error(answer.error), 'the live stream');
        });
      } else {
        loadRecorded().catch((e: unknown) => fail(e, 'the recorded frames'));
      }
      schedule();
    }, fail);

    return () => {
      cancelled = true;
      if (raf !== 0) cancelAnimationFrame(raf);
      socket.off('run:history', onHistory);
      socket.off('run:frame', onFrame);
      socket.off('run:event', onEvent);
      socket.off('run:state', onState);
      if (joined) socket.emit('run:leave', { runId });
    };
  }, [runId, resync, attempt, retry]);

  return stream !== undefined && stream.runId === runId ? stream : undefined;
}
