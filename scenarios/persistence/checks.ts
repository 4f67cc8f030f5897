// The writers' acknowledgements against a fresh read of the restarted server.
import type { CheckSpec } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import type { PersistenceParams } from './params.ts';

/** everysec fsyncs once a second; a write may wait for the next one, so allow about two. */
export const EVERYSEC_BOUND_MS = 2000;

function lossOf(facts: Record<string, number | string | boolean>): {
  acked: number;
  survived: number;
  lost: number;
} | null {
  if (facts.ackedBeforeKill === undefined) return null;
  const acked = Number(facts.ackedBeforeKill);
  const survived = Number(facts.survived);
  return { acked, survived, lost: acked - survived };
}

export const persistenceChecks: CheckSpec<PersistenceParams>[] = [
  {
    id: 'always-loses-nothing',
    description:
      'With appendfsync always, every write acknowledged before the kill is found after the restart',
    evaluate({ params, facts }) {
      if (params.mode !== 'always') return notApplicable(`mode is ${params.mode}, not always`);
      const loss = lossOf(facts);
      if (loss === null) return notApplicable('the run ended before the kill');
      if (loss.acked === 0) return notApplicable('nothing was acknowledged before the kill');
      return {
        passed: loss.lost === 0,
        detail: `${loss.acked} acknowledged before the kill; ${loss.survived} found by a fresh read after the restart`,
      };
    },
  },
  {
    id: 'everysec-loses-about-a-second',
    description:
      'With appendfsync everysec, the writes lost span at most about a second before the kill',
    evaluate({ params, facts }) {
      if (params.mode !== 'everysec') return notApplicable(`mode is ${params.mode}, not everysec`);
      const loss = lossOf(facts);
      if (loss === null) return notApplicable('the run ended before the kill');
      const window = Number(facts.lossWindowMs);
      return {
        passed: window <= EVERYSEC_BOUND_MS,
        detail: `${loss.lost} of ${loss.acked} acknowledged writes missing after the restart, acknowledged within ${window} ms of the kill (bound ${EVERYSEC_BOUND_MS} ms)`,
      };
    },
  },
];
