// The lab's live state: the queue, the running comparison's progress and its current target's
// samples, kept from the `lab` socket room. Joining answers with the state so far, so a page
// opened mid-run draws at once; it joins again whenever the connection comes back.
import { useEffect, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { getSocket } from '../realtime/socket';
import { useConnection } from '../realtime/use-connection';
import type { ComparisonSummary, LabClientToServer, LabQueue, LabServerToClient } from './types';

type LabSocket = Socket<LabServerToClient, LabClientToServer>;

/** Enough for a 10-minute target at one sample a second. */
const MAX_SAMPLES = 600;

export interface LabStream extends LabQueue {
  /** The last comparison that ended while the page was open. */
  lastDone: ComparisonSummary | undefined;
}

const EMPTY: LabStream = { queue: [], progress: null, samples: [], lastDone: undefined };

export function useLabStream(): LabStream {
  const [state, setState] = useState<LabStream>(EMPTY);
  const { epoch } = useConnection();

  useEffect(() => {
    // The app's one socket is typed for the run events; the lab's are its own (lab-schemas.ts).
    const socket = getSocket() as unknown as LabSocket;
    let cancelled = false;
    socket.emit('lab:join', {}, (joined) => {
      if (!cancelled) setState((s) => ({ ...joined, lastDone: s.lastDone }));
    });
    const onQueue = (queue: LabQueue): void =>
      setState((s) => ({ ...s, queue: queue.queue, progress: queue.progress }));
    const onProgress: LabServerToClient['lab:progress'] = (progress) =>
      setState((s) => ({
        ...s,
        progress,
        // A new target: its charts start empty.
        samples:
          s.progress?.comparison === progress.comparison && s.progress.target === progress.target
            ? s.samples
            : [],
      }));
    const onSample: LabServerToClient['lab:sample'] = ({ comparison: _c, ...sample }) =>
      setState((s) => ({
        ...s,
        samples:
          s.samples.length > 0 && s.samples[0]?.target !== sample.target
            ? [sample]
            : [...s.samples.slice(-(MAX_SAMPLES - 1)), sample],
      }));
    const onDone: LabServerToClient['lab:done'] = ({ summary }) =>
      setState((s) => ({ ...s, lastDone: summary }));
    socket.on('lab:queue', onQueue);
    socket.on('lab:progress', onProgress);
    socket.on('lab:sample', onSample);
    socket.on('lab:done', onDone);
    return () => {
      cancelled = true;
      socket.off('lab:queue', onQueue);
      socket.off('lab:progress', onProgress);
      socket.off('lab:sample', onSample);
      socket.off('lab:done', onDone);
      socket.emit('lab:leave', {});
    };
  }, [epoch]);

  return state;
}
