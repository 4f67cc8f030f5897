import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { factKeys } from './facts.ts';
import type { HttpCachingParams } from './params.ts';
import { RESOURCES } from './resources.ts';

type Run = FinishedRun<HttpCachingParams>;

const ENDED_EARLY = { passed: false, detail: 'the run ended before the origin was asked' };

const value = (run: Run, key: string): number => run.summary[key] ?? 0;
const MUST_ASK = RESOURCES.filter((r) => r.mustAsk);

// The clients' side of every check is what the taps around their caches saw (summary counters
// and the per-resource tallies); the other side is the origin's own count or its own version.
export const httpCachingChecks: CheckSpec<HttpCachingParams>[] = [
  {
    id: 'origin-counted-what-left-the-clients',
    description:
      "The origin's own request count = the requests the clients did not answer from cache (+ stale-while-revalidate refreshes), and its 200s and 304s = what the clients saw come back",
    evaluate(run) {
      const origin = numberFact(run, factKeys.originRequests);
      const [o200, o304] = [
        numberFact(run, factKeys.origin200),
        numberFact(run, factKeys.origin304),
      ];
      const [n200, n304] = [
        numberFact(run, factKeys.network200),
        numberFact(run, factKeys.network304),
      ];
      if (origin === undefined || o200 === undefined || o304 === undefined) return ENDED_EARLY;
      const requests = value(run, 'requests');
      const fromCache = value(run, 'fromCache');
      const background = value(run, 'backgroundRevalidations');
      if (origin === 0 && requests === 0) return notApplicable('no client sent a request');
      const expected = requests - fromCache + background;
      const pending = numberFact(run, factKeys.pendingAtEnd) ?? 0;
      return {
        passed: pending === 0 && origin === expected && o200 === n200 && o304 === n304,
        detail:
          `origin: ${origin} requests (${o200} × 200, ${o304} × 304); clients: ${requests} − ${fromCache} from cache + ${background} background = ${expected} (${n200 ?? '?'} × 200, ${n304 ?? '?'} × 304 seen)` +
          (pending > 0 ? `; ${pending} still in flight when counted` : ''),
      };
    },
  },
  {
    id: 'bytes-agree',
    description:
      'The body bytes the origin sent = the body bytes the clients received over the network (304s carry none)',
    evaluate(run) {
      const sent = numberFact(run, factKeys.originBytes);
      if (sent === undefined) return ENDED_EARLY;
      const received = value(run, 'bytes');
      if (sent === 0 && received === 0) return notApplicable('no body crossed the network');
      return {
        passed: sent === received,
        detail: `origin sent ${sent} B; clients received ${received} B over the network (${value(run, 'bytesFromCache')} B reused from cache)`,
      };
    },
  },
  {
    id: 'must-ask-reached-origin',
    description:
      'Every use of /no-cache, /by-date (max-age=0, must-revalidate) and /no-store reached the origin: its count per resource = the clients’ requests for it',
    evaluate(run) {
      const rows = MUST_ASK.map((r) => ({
        path: r.path,
        clients: numberFact(run, factKeys.clientPerResource(r.id)),
        origin: numberFact(run, factKeys.originPerResource(r.id)),
      }));
      if (rows.some((row) => row.clients === undefined || row.origin === undefined)) {
        return ENDED_EARLY;
      }
      if (rows.every((row) => row.clients === 0 && row.origin === 0)) {
        return notApplicable('no client asked for a resource that must be revalidated');
      }
      return {
        passed: rows.every((row) => row.clients === row.origin),
        detail:
          rows.map((row) => `${row.path} ${row.clients}/${row.origin}`).join(', ') +
          ' (clients/origin)',
      };
    },
  },
  {
    id: 'no-outdated-where-every-use-asks',
    description:
      "/no-cache, /by-date and /no-store never answered with an older version than the origin's when the request was sent",
    evaluate(run) {
      const changes = numberFact(run, factKeys.changes);
      const outdated = MUST_ASK.map((r) => numberFact(run, factKeys.outdatedPerResource(r.id)));
      if (changes === undefined || outdated.some((o) => o === undefined)) return ENDED_EARLY;
      if (run.params.changeEverySec === 0 || changes === 0) {
        return notApplicable('the origin published no new version, so no answer could be outdated');
      }
      const asked = MUST_ASK.reduce(
        (n, r) => n + (numberFact(run, factKeys.clientPerResource(r.id)) ?? 0),
        0,
      );
      if (asked === 0)
        return notApplicable('no client asked for a resource that must be revalidated');
      const total = outdated.reduce<number>((n, o) => n + (o ?? 0), 0);
      return {
        passed: total === 0,
        detail: `${total} outdated among ${asked} answers, across ${changes} versions published (all resources: ${value(run, 'outdated')} outdated)`,
      };
    },
  },
  {
    id: 'reuse-within-lifetime',
    description:
      "No outdated answer came later after the origin's change than its own Cache-Control allowed (max-age + stale-while-revalidate)",
    evaluate(run) {
      const overWindow = numberFact(run, factKeys.outdatedOverWindow);
      if (overWindow === undefined) return ENDED_EARLY;
      const outdated = value(run, 'outdated');
      if (outdated === 0) {
        return notApplicable(
          (numberFact(run, factKeys.changes) ?? 0) === 0
            ? 'the origin published no new version, so no copy was ever outdated'
            : 'no answer was outdated, so there was no reuse to bound',
        );
      }
      const worst = numberFact(run, factKeys.worstOverWindow) ?? 0;
      return {
        passed: overWindow === 0,
        detail:
          overWindow === 0
            ? `all ${outdated} outdated answers within their reuse window (longest ${Math.round(value(run, 'outdatedMs.max'))} ms behind)`
            : `${overWindow} of ${outdated} outdated answers past their reuse window, the worst by ${worst} ms`,
      };
    },
  },
];
