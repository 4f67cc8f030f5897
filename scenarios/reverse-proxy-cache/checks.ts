import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { NGINX_CACHE_STATUSES } from '../src/sdk/nginx.ts';
import { fmt } from '../src/sdk/narration.ts';
import { factKeys } from './facts.ts';
import type { ReverseProxyCacheParams } from './params.ts';

type Run = FinishedRun<ReverseProxyCacheParams>;

const summary = (run: Run, key: string): number => run.summary[key] ?? 0;
const NOT_READ = 'the run ended before nginx’s access log and the origin’s count were read';

/** Below this the origin answers about as fast as the cache: no wait for a hit to skip. */
const MIN_DELAY_MS = 5;

export const reverseProxyCacheChecks: CheckSpec<ReverseProxyCacheParams>[] = [
  {
    id: 'statuses-match-access-log',
    description:
      'Per cache status, the answers the clients counted from X-Cache-Status = the requests nginx wrote to its own access log with that status (read from the file at the end)',
    evaluate(run) {
      const logged = numberFact(run, factKeys.logRequests);
      if (logged === undefined) return { passed: false, detail: NOT_READ };
      const answered = summary(run, 'requests');
      if (answered === 0 && logged === 0) return notApplicable('no request was sent');
      const rows: { label: string; clients: number; log: number }[] = NGINX_CACHE_STATUSES.map(
        (s) => ({
          label: s,
          clients: summary(run, `status.${s}`),
          log: numberFact(run, factKeys.log(s)) ?? 0,
        }),
      );
      rows.push({
        label: 'no status',
        clients: numberFact(run, factKeys.clientsUnlabelled) ?? 0,
        log: numberFact(run, factKeys.logUnlabelled) ?? 0,
      });
      rows.push({ label: 'all', clients: answered, log: logged });
      const shown = rows.filter((row) => row.clients !== 0 || row.log !== 0);
      const noAnswer = numberFact(run, factKeys.clientsNoAnswer) ?? 0;
      return {
        passed: rows.every((row) => row.clients === row.log),
        detail:
          `clients / nginx’s log: ${shown.map((row) => `${row.label} ${row.clients}/${row.log}`).join(', ')}` +
          (noAnswer > 0 ? `; ${fmt(noAnswer)} requests got no answer` : ''),
      };
    },
  },
  {
    id: 'origin-count-matches-log',
    description:
      'The requests the origin received (its own count) = the upstream requests nginx logged: its misses, expiries, bypasses and revalidations, and the background updates no client saw',
    evaluate(run) {
      const origin = numberFact(run, factKeys.originRequests);
      const attempts = numberFact(run, factKeys.logUpstream);
      if (origin === undefined || attempts === undefined)
        return { passed: false, detail: NOT_READ };
      if (origin === 0 && attempts === 0) return notApplicable('nginx never needed the origin');
      const parts = NGINX_CACHE_STATUSES.map(
        (s) => [s, numberFact(run, factKeys.logUpstreamFor(s)) ?? 0] as const,
      )
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${s} ${n}`);
      const background = numberFact(run, factKeys.logUpstreamBackground) ?? 0;
      if (background > 0) parts.push(`background updates ${background}`);
      return {
        passed: origin === attempts,
        detail: `the origin counted ${origin} requests; nginx’s log lists ${attempts} upstream requests (${parts.join(', ')})${run.facts[factKeys.drained] === false ? '; they had not settled when the run ended' : ''}`,
      };
    },
  },
  {
    id: 'outage-served-stale',
    description:
      'While the origin was down, no request for a URL nginx had cached got an error (bypasses apart) (use_stale served the old copy), and the connections the origin dropped (its own count) = the upstream failures nginx logged',
    evaluate(run) {
      if (run.facts[factKeys.outageHappened] !== true) {
        return notApplicable(
          run.params.outageAtSec <= 0
            ? 'outageAtSec is 0: the origin never went down'
            : `the run ended before the outage at ${fmt(run.params.outageAtSec)} s`,
        );
      }
      const cached = numberFact(run, factKeys.outageCachedRequests) ?? 0;
      const errors = numberFact(run, factKeys.outageCachedErrors) ?? 0;
      const dropped = numberFact(run, factKeys.originDropped);
      const failures = numberFact(run, factKeys.logUpstreamDropped);
      if (dropped === undefined || failures === undefined)
        return { passed: false, detail: NOT_READ };
      if (run.facts[factKeys.outageUseStale] !== true) {
        return notApplicable(
          `use_stale was off, so nginx passed the origin’s failures on: ${errors} errors among ${cached} requests for cached URLs`,
        );
      }
      if (dropped === 0 && failures === 0) {
        return notApplicable(
          'nginx never asked the origin during the outage: every answer was a fresh HIT',
        );
      }
      const stale = numberFact(run, factKeys.outageStale) ?? 0;
      return {
        passed: errors === 0 && dropped === failures,
        detail: `${cached} requests for cached URLs during the outage, ${errors} errors, ${stale} STALE; the origin dropped ${dropped} connections, nginx logged ${failures} upstream failures`,
      };
    },
  },
  {
    id: 'hits-skip-the-origin-wait',
    description:
      'Answers from the cache did not wait for the origin: HIT latency (p50) < the origin’s delay ≤ MISS latency (p50), as the clients measured them',
    evaluate(run) {
      const delay = numberFact(run, factKeys.minOriginDelayMs) ?? run.params.originDelayMs;
      if (delay < MIN_DELAY_MS) {
        return notApplicable(
          `the origin answers within ${fmt(delay)} ms: a hit has little to skip`,
        );
      }
      const hit = run.summary['latency.HIT.p50'];
      const miss = run.summary['latency.MISS.p50'];
      if (hit === undefined || miss === undefined) {
        return notApplicable('the clients got no HIT or no MISS answered in full to compare');
      }
      return {
        passed: hit < delay && miss >= delay,
        detail: `p50 HIT ${fmt(hit)} ms, MISS ${fmt(miss)} ms; the origin waits ${fmt(delay)} ms before each answer`,
      };
    },
  },
];
