// A lesson's `[confirmed by a check](check:no-stale-reads)`: the claim's words with a badge
// showing how that check came out in the run the page shows. Until that run has ended (or
// before any run) the check has not been judged, so the badge says pending, never passed.
import type { ReactNode } from 'react';
import type { CheckOutcome } from '../api/types';
import { useLessonEnv } from './lesson-context';

type ClaimStatus = CheckOutcome['status'] | 'pending';

const WORDS: Record<ClaimStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  'not-applicable': 'not applicable',
  pending: 'pending',
};

const MARK: Record<ClaimStatus, string> = {
  passed: '✓',
  failed: '✗',
  'not-applicable': '–',
  pending: '…',
};

export function CheckClaim({ checkId, children }: { checkId: string; children: ReactNode }) {
  const { run } = useLessonEnv();
  const outcome =
    run !== undefined && run.state !== 'running'
      ? run.checks.find((c) => c.id === checkId)
      : undefined;
  const status: ClaimStatus = outcome?.status ?? 'pending';
  const title =
    outcome === undefined
      ? `Check ${checkId}: judged when a run ends`
      : `Check ${checkId}: ${outcome.detail}`;
  return (
    <span className="check-claim" data-check={checkId} data-status={status} title={title}>
      <span className="check-claim-text">{children}</span>{' '}
      <span className={`badge check-claim-badge ${status}`}>
        <span aria-hidden="true">{MARK[status]}</span>
        <span className="visually-hidden">check {checkId}:</span> {WORDS[status]}
      </span>
    </span>
  );
}
