// What runs now: the queue (each with its position and a stop button), a progress line for the
// running comparison (target i of n, phase, seconds) and its current target's live charts.
import { useState } from 'react';
import { labApi } from './lab-client';
import { LiveCharts } from './LiveCharts';
import type { LabStream } from './use-lab-stream';

function progressText(stream: LabStream): string {
  const p = stream.progress;
  if (!p) return 'Starting…';
  const seconds =
    p.totalSec === null
      ? `${Math.floor(p.elapsedSec)} s`
      : `${Math.floor(p.elapsedSec)} / ${Math.round(p.totalSec)} s`;
  return `Target ${p.index} of ${p.of}: ${p.target} · ${p.phase} · ${seconds}`;
}

export function LiveRun({ stream }: { stream: LabStream }) {
  const [problem, setProblem] = useState<string | undefined>();
  if (stream.queue.length === 0) return null;
  const stop = async (id: string): Promise<void> => {
    setProblem(undefined);
    try {
      await labApi.stop(id);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const running = stream.queue.find((q) => q.state === 'running');
  return (
    <section className="card lab-live" aria-labelledby="lab-live-title" data-testid="lab-live">
      <div className="card-head">
        <h2 id="lab-live-title">Running now</h2>
      </div>
      <ol className="lab-queue">
        {stream.queue.map((q) => (
          <li key={q.id} data-comparison={q.id} data-state={q.state}>
            <span className={`badge lab-status status-${q.state}`}>
              {q.state === 'running' ? 'running' : `waiting, #${q.position}`}
            </span>{' '}
            <strong>{q.workload}</strong> on {q.targets.join(', ')}{' '}
            <button
              type="button"
              className="button small danger"
              onClick={() => void stop(q.id)}
              data-action="stop"
            >
              {q.state === 'running' ? 'Stop' : 'Cancel'}
            </button>
          </li>
        ))}
      </ol>
      {problem && (
        <p className="banner error" role="alert">
          {problem}
        </p>
      )}
      {running && (
        <>
          <p className="lab-progress" role="status" data-testid="lab-progress">
            {progressText(stream)}
            {stream.progress?.message ? (
              <span className="muted"> — {stream.progress.message}</span>
            ) : null}
          </p>
          <LiveCharts samples={stream.samples} />
        </>
      )}
    </section>
  );
}
