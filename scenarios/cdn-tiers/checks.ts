import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { NGINX_CACHE_STATUSES } from '../src/sdk/nginx.ts';
import type { NginxCacheStatus } from '../src/sdk/nginx.ts';
import { fmt } from '../src/sdk/narration.ts';
import { factKeys } from './facts.ts';
import type { CdnTiersParams } from './params.ts';

type Run = FinishedRun<CdnTiersParams>;
type StatusKey = NginxCacheStatus | '';

const STATUSES: StatusKey[] = [...NGINX_CACHE_STATUSES, ''];
const FROM_CACHE: StatusKey[] = ['HIT', 'STALE', 'UPDATING', 'REVALIDATED'];

const NOT_READ: CheckResult = {
  passed: false,
  detail: 'the run ended before the tiers’ access logs and the origin’s count were read',
};

interface Side {
  counts: Record<StatusKey, number>;
  total: number;
}

function side(run: Run, key: (status: StatusKey) => string): Side | undefined {
  const counts = {} as Record<StatusKey, number>;
  let total = 0;
  for (const status of STATUSES) {
    const n = numberFact(run, key(status));
    if (n === undefined) return undefined;
    counts[status] = n;
    total += n;
  }
  return { counts, total };
}

const ratio = (s: Side): string =>
  s.total === 0 ? '–' : (FROM_CACHE.reduce((n, st) => n + s.counts[st], 0) / s.total).toFixed(2);

/** "HIT 300/300, MISS 20/21" over the statuses either side saw. */
function pairs(clients: Side, log: Side): string {
  return STATUSES.filter((s) => clients.counts[s] > 0 || log.counts[s] > 0)
    .map((s) => `${s || 'no status'} ${clients.counts[s]}/${log.counts[s]}`)
    .join(', ');
}

const same = (a: Side, b: Side): boolean => STATUSES.every((s) => a.counts[s] === b.counts[s]);

export const cdnTiersChecks: CheckSpec<CdnTiersParams>[] = [
  {
    id: 'edges-match-their-logs',
    description:
      'For every edge and every cache status: the answers its clients counted from X-Cache-Status = the requests that edge wrote to its own access log, so its hit ratio is the same from both sides',
    evaluate(run) {
      const parts: string[] = [];
      let passed = true;
      let total = 0;
      for (let i = 1; i <= run.params.edges; i++) {
        const clients = side(run, (s) => factKeys.edgeClients(i, s));
        const log = side(run, (s) => factKeys.edgeLog(i, s));
        if (clients === undefined || log === undefined) return NOT_READ;
        passed &&= same(clients, log);
        total += log.total + clients.total;
        parts.push(`edge ${i} (hit ratio ${ratio(clients)}/${ratio(log)}): ${pairs(clients, log)}`);
      }
      if (total === 0) return notApplicable('no request was sent');
      const noAnswer = numberFact(run, factKeys.noAnswer) ?? 0;
      return {
        passed,
        detail:
          `clients / edge’s log: ${parts.join('; ')}` +
          (noAnswer > 0 ? `; ${fmt(noAnswer)} requests got no answer` : ''),
      };
    },
  },
  {
    id: 'shield-saw-what-edges-sent',
    description:
      'The shield’s access log holds exactly the requests the edges’ logs say they sent upstream, and per cache status what the clients read in X-Upstream-Cache-Status on the answers that got past an edge',
    evaluate(run) {
      const clients = side(run, factKeys.shieldClients);
      const log = side(run, factKeys.shieldLog);
      const shieldRequests = numberFact(run, factKeys.shieldRequests);
      if (clients === undefined || log === undefined || shieldRequests === undefined)
        return NOT_READ;
      let edgesSent = 0;
      for (let i = 1; i <= run.params.edges; i++) {
        const sent = numberFact(run, factKeys.edgeUpstream(i));
        if (sent === undefined) return NOT_READ;
        edgesSent += sent;
      }
      if (edgesSent === 0 && shieldRequests === 0) {
        return notApplicable('no request got past an edge');
      }
      return {
        passed: edgesSent === shieldRequests && same(clients, log),
        detail: `the edges’ logs: ${edgesSent} requests sent upstream; the shield’s log: ${shieldRequests}. Clients / shield’s log (hit ratio ${ratio(clients)}/${ratio(log)}): ${pairs(clients, log)}`,
      };
    },
  },
  {
    id: 'origin-count-matches-shield-log',
    description:
      'The requests the origin received (its own count) = the upstream requests in the shield’s access log: only the shield’s misses and expiries reach it',
    evaluate(run) {
      const origin = numberFact(run, factKeys.originRequests);
      const shield = numberFact(run, factKeys.shieldUpstream);
      if (origin === undefined || shield === undefined) return NOT_READ;
      if (origin === 0 && shield === 0) return notApplicable('nothing reached the origin');
      return {
        passed: origin === shield,
        detail: `the origin counted ${origin} requests; the shield’s log lists ${shield} sent to it${run.facts[factKeys.drained] === false ? ' (they had not settled when the run ended)' : ''}`,
      };
    },
  },
  {
    id: 'version-spread-bounded',
    description:
      'Every new version reached every edge, as the probes saw it, within the bound the TTLs set: (edge TTL + 1 s) + (shield TTL + 1 s) + 1 s for the trips (nginx counts validity in whole seconds)',
    evaluate(run) {
      const count = numberFact(run, factKeys.purges) ?? 0;
      const bound = numberFact(run, factKeys.purgeBoundMs);
      const unfinished = numberFact(run, factKeys.purgeUnfinishedMs);
      if (run.params.bumpEverySec <= 0) return notApplicable('bumpEverySec is 0: no new version');
      if (bound === undefined) return notApplicable('the run ended before the first new version');
      const worst = numberFact(run, factKeys.purgeMaxMs) ?? 0;
      if (unfinished !== undefined && unfinished > bound) {
        return {
          passed: false,
          detail: `a new version had not reached every edge after ${fmt(Math.round(unfinished))} ms (bound ${fmt(bound)} ms)`,
        };
      }
      if (count === 0) {
        return notApplicable(
          `the run ended ${fmt(Math.round(unfinished ?? 0))} ms into the first spread, before every edge served it`,
        );
      }
      return {
        passed: worst <= bound,
        detail: `${count} new ${count === 1 ? 'version' : 'versions'}; the slowest reached every edge after ${fmt(Math.round(worst))} ms (bound ${fmt(bound)} ms)`,
      };
    },
  },
];
