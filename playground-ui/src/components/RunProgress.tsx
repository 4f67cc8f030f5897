import type { RunView } from '../api/types';
import { formatClock } from '../charts/format';
import { StateBadge } from './Badges';

interface Props {
  run: RunView;
  /** The latest frame's time while live: it moves with the run without a clock of our own. */
  elapsedMs: number;
}

export function RunProgress({ run, elapsedMs }: Props) {
  const total = run.durationSec * 1000;
  const done = run.state !== 'running';
  const shown = done ? run.elapsedMs : Math.min(elapsedMs, total);
  const fraction = run.state === 'completed' ? 1 : Math.min(1, shown / total);
  return (
    <div className="run-progress" data-state={run.state}>
      <StateBadge state={run.state} />
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={run.durationSec}
        aria-valuenow={Math.round(shown / 1000)}
        aria-valuetext={`${formatClock(shown)} of ${formatClock(total)}`}
      >
        <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      <span className="progress-text" data-elapsed-ms={shown}>
        {formatClock(shown)} / {formatClock(total)}
      </span>
    </div>
  );
}
