// A lesson's `[Set ttlSec to 2](try:ttlSec=2)` as a button. Before a run it fills the params
// form; during one it changes the run's live params at once, and a param that is not live is
// set in the form for the next run, which the button says before it is pressed.
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { parseAction } from '../../../scenarios/src/sdk/lesson-actions.ts';
import type { LessonAction } from '../../../scenarios/src/sdk/lesson-actions.ts';
import type { ParamsSchema } from '../api/types';
import type { ActionOutcome } from './lesson-context';
import { useLessonEnv } from './lesson-context';

const CONFIRMATION_MS = 8000;

/** "ttlSec = 2, consumers + 2" */
function describeChanges(action: LessonAction): string {
  return action.changes
    .map((c) =>
      'set' in c
        ? `${c.param} = ${c.set}`
        : `${c.param} ${c.add < 0 ? '−' : '+'} ${Math.abs(c.add)}`,
    )
    .join(', ');
}

function whenApplied(action: LessonAction, schema: ParamsSchema | undefined, running: boolean) {
  if (!running) return 'before-run';
  const live = action.changes.filter((c) => schema?.properties[c.param]?.['x-live'] === true);
  if (live.length === action.changes.length) return 'live';
  return live.length === 0 ? 'next-run' : 'partly-live';
}

const HINT = {
  'before-run': 'sets the params for the next run',
  live: 'changes the running run now',
  'next-run': 'applies to the next run',
  'partly-live': 'changes the live params now, the rest from the next run',
} as const;

export function LessonActionButton({ href, children }: { href: string; children: ReactNode }) {
  const { schema, run, onAction } = useLessonEnv();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const parsed = parseAction(href);
  // The contract test refuses such a link; should one slip through, it stays readable text.
  if (!parsed.ok) return <span className="lesson-action-invalid">{children}</span>;
  const action = parsed.value;
  const when = whenApplied(action, schema, run?.state === 'running');

  const press = async (): Promise<void> => {
    if (onAction === undefined) return;
    clearTimeout(timer.current);
    setBusy(true);
    setOutcome(undefined);
    const result = await onAction(action).catch((e: unknown): ActionOutcome => ({
      ok: false,
      message: (e as Error).message,
    }));
    setBusy(false);
    setOutcome(result);
    if (result.ok) timer.current = setTimeout(() => setOutcome(undefined), CONFIRMATION_MS);
  };

  return (
    <span className="lesson-action" data-when={when}>
      <button
        type="button"
        className="lesson-action-button"
        data-try={href}
        disabled={onAction === undefined || busy}
        aria-label={`Try: ${describeChanges(action)} (${HINT[when]})`}
        onClick={() => void press()}
      >
        <span aria-hidden="true" className="lesson-action-icon">
          ▸
        </span>
        {children}
        {(when === 'next-run' || when === 'partly-live') && (
          <span className="lesson-action-when">{HINT[when]}</span>
        )}
      </button>
      {/* Always present, so a screen reader announces the confirmation when it is written. */}
      <span className="lesson-action-done" role="status">
        {outcome?.ok === true ? outcome.message : ''}
      </span>
      {outcome?.ok === false && (
        <span className="lesson-action-error" role="alert">
          {outcome.message}
        </span>
      )}
    </span>
  );
}
