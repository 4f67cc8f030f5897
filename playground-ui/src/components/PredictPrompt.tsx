// A predict-first prompt: the question shows at once; the answer stays hidden until the run
// the page shows has ended, so a learner commits to a guess first. A click reveals it earlier.
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useLessonEnv } from './lesson-context';

export function PredictPrompt({ children }: { children: ReactNode }) {
  return (
    <blockquote className="predict" aria-label="Predict before you run">
      {children}
    </blockquote>
  );
}

export function PredictAnswer({ children }: { children: ReactNode }) {
  const { run } = useLessonEnv();
  const [revealed, setRevealed] = useState(false);
  const id = useId();
  const ended = run !== undefined && run.state !== 'running';
  if (ended || revealed) {
    return (
      <div className="predict-answer" id={id} data-revealed="true">
        {children}
      </div>
    );
  }
  return (
    <div className="predict-answer" id={id} data-revealed="false">
      <p className="predict-hidden">
        <span className="muted">
          The answer shows when {run ? 'this run ends' : 'a run ends'}: predict first, then run.
        </span>{' '}
        <button
          type="button"
          className="link-button"
          aria-controls={id}
          aria-label="Reveal the answer now"
          onClick={() => setRevealed(true)}
        >
          Reveal now
        </button>
      </p>
    </div>
  );
}
