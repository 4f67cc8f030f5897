import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { fmt } from '../src/sdk/narration.ts';
import type { DistributedLockParams } from './params.ts';

type Run = FinishedRun<DistributedLockParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;
const ENDED_EARLY: CheckResult = {
  passed: false,
  detail: 'the run ended before Redis and the storage were read at the end',
};

export const distributedLockChecks: CheckSpec<DistributedLockParams>[] = [
  {
    id: 'one-fencing-token-per-grant',
    description:
      "Redis's fencing counter (GET at the end) equals the grants the clients counted: every lock came with exactly one token",
    evaluate(run) {
      const fence = numberFact(run, 'redisFence');
      if (fence === undefined) return ENDED_EARLY;
      const acquired = value(run, 'acquired');
      if (acquired === 0 && fence === 0) return notApplicable('no client was granted the lock');
      return {
        passed: fence === acquired,
        detail: `Redis issued ${fmt(fence)} tokens; the clients counted ${fmt(acquired)} grants`,
      };
    },
  },
  {
    id: 'fencing-refused-every-stale-write',
    description:
      "With fencing, the storage's own log refused exactly the writes the clients made with a token older than the newest grant, and accepted none of them",
    evaluate(run) {
      const refused = numberFact(run, 'storageRefused');
      const staleAccepted = numberFact(run, 'storageStaleAccepted');
      if (refused === undefined || staleAccepted === undefined) return ENDED_EARLY;
      const stale = value(run, 'staleWrites');
      if (!run.params.fencing) {
        return notApplicable(
          `fencing is off: the storage accepts every write, and its log shows ${fmt(staleAccepted)} stale writes accepted, ${fmt(numberFact(run, 'storageErased') ?? 0)} increments lost`,
        );
      }
      if (stale === 0 && refused === 0 && staleAccepted === 0) {
        return notApplicable(
          'no holder wrote after its lock had passed to another (no stall outlived the TTL while others waited)',
        );
      }
      return {
        passed: refused === stale && staleAccepted === 0,
        detail: `the clients made ${fmt(stale)} stale writes; the storage's log refused ${fmt(refused)} and accepted ${fmt(staleAccepted)} stale ones`,
      };
    },
  },
  {
    id: 'no-increment-lost',
    description:
      'The value the storage holds at the end equals the increments the clients were told it accepted',
    evaluate(run) {
      const stored = numberFact(run, 'storageFinalValue');
      const staleAccepted = numberFact(run, 'storageStaleAccepted');
      if (stored === undefined || staleAccepted === undefined) return ENDED_EARLY;
      const acknowledged = value(run, 'acknowledged');
      if (!run.params.fencing && staleAccepted > 0) {
        return notApplicable(
          `without fencing the storage accepted ${fmt(staleAccepted)} stale writes, so lost increments are expected: it holds ${fmt(stored)} after ${fmt(acknowledged)} acknowledged`,
        );
      }
      if (acknowledged === 0 && stored === 0) {
        return notApplicable('no write reached the storage');
      }
      return {
        passed: stored === acknowledged,
        detail: `the storage holds ${fmt(stored)}; the clients were told ${fmt(acknowledged)} increments were accepted`,
      };
    },
  },
  {
    id: 'lock-expires-after-ttl',
    description:
      "Redis let go of every lock held past lockTtlMs by the holder's clock, and of none released well within it (compare-and-delete's answer at release)",
    evaluate(run) {
      const expired = numberFact(run, 'surelyExpired');
      const expiredButReleased = numberFact(run, 'surelyExpiredButReleased');
      const live = numberFact(run, 'surelyLive');
      const liveButGone = numberFact(run, 'surelyLiveButGone');
      if (
        expired === undefined ||
        expiredButReleased === undefined ||
        live === undefined ||
        liveButGone === undefined
      ) {
        return ENDED_EARLY;
      }
      if (expired + live === 0) {
        return notApplicable('no hold ended clearly inside or clearly past the TTL');
      }
      return {
        passed: expiredButReleased === 0 && liveButGone === 0,
        detail: `${fmt(expired)} holds outlived the TTL, Redis still had the lock for ${fmt(expiredButReleased)}; ${fmt(live)} ended within it, Redis had dropped ${fmt(liveButGone)}`,
      };
    },
  },
];
