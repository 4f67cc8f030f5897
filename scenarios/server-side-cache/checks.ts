import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { MODES } from './page.ts';
import type { Mode } from './page.ts';
import type { ServerSideCacheParams } from './params.ts';

type Run = FinishedRun<ServerSideCacheParams>;

const ENDED_EARLY: CheckResult = {
  passed: false,
  detail: 'the run ended before the databases were asked',
};
/** Clock slack between the database's commit time and the client's receive time. */
export const STALE_AGE_SLACK_MS = 500;
/** Below this share of repeated reads no cache has anything to save. */
const MIN_REPEAT_SHARE = 0.01;

/** Per mode, the fact `<name>.<mode>`; undefined when any is missing. */
function perMode(run: Run, name: string): Record<Mode, number> | undefined {
  const out: Partial<Record<Mode, number>> = {};
  for (const m of MODES) {
    const v = numberFact(run, `${name}.${m}`);
    if (v === undefined) return undefined;
    out[m] = v;
  }
  return out as Record<Mode, number>;
}

const list = (values: Record<Mode, number>): string =>
  MODES.map((m) => `${m} ${values[m]}`).join(', ');

/** The modes whose invalidation reaches every page a write changes. */
function modesThatInvalidateFully(run: Run): Mode[] {
  return run.facts.responseAlwaysTagged === true ? [...MODES] : ['none', 'query', 'object'];
}

export const serverSideCacheChecks: CheckSpec<ServerSideCacheParams>[] = [
  {
    id: 'db-queries-as-believed',
    description:
      'Per copy, the SELECTs its database executed = the statements its handler reported sending (x-db-queries, summed by the clients)',
    evaluate(run) {
      const db = perMode(run, 'dbSelects');
      const handler = perMode(run, 'handlerQueries');
      if (db === undefined || handler === undefined) return ENDED_EARLY;
      if (MODES.every((m) => db[m] === 0 && handler[m] === 0)) {
        return notApplicable('no page was read, so no copy asked its database anything');
      }
      return {
        passed: MODES.every((m) => db[m] === handler[m]),
        detail: `database: ${list(db)}; handlers: ${list(handler)}`,
      };
    },
  },
  {
    id: 'caching-ranks-db-load',
    description:
      'The databases’ own counts rank the copies: no cache costs most; with writes, the query cache (a write orphans every product query) costs more than the object cache (a write deletes one object)',
    evaluate(run) {
      const db = perMode(run, 'dbSelects');
      const repeats = perMode(run, 'repeatReads');
      if (db === undefined || repeats === undefined) return ENDED_EARLY;
      const reads = run.summary['requests.none'] ?? 0;
      if (reads === 0 || repeats.response < reads * MIN_REPEAT_SHARE) {
        return notApplicable(
          `${repeats.response} of ${reads} reads asked again for a page within the TTL: too few for any cache to save the database anything`,
        );
      }
      const writes = numberFact(run, 'writesAcknowledged') ?? 0;
      const cheaper = (['response', 'query', 'object'] as const).every((m) => db[m] < db.none);
      const queryAboveObject = writes === 0 || db.query > db.object;
      return {
        passed: cheaper && queryAboveObject,
        detail: `SELECTs: ${list(db)}${writes === 0 ? ' (no writes: query and object not ranked)' : `; ${writes} writes`}`,
      };
    },
  },
  {
    id: 'no-stale-where-invalidation-reaches',
    description:
      'No cache, the query cache, the object cache (and the response cache when tagged throughout) never served a page older than its database held when the request was sent',
    evaluate(run) {
      const stale = perMode(run, 'staleReads');
      const exposed = perMode(run, 'exposedReads');
      if (stale === undefined || exposed === undefined) return ENDED_EARLY;
      const modes = modesThatInvalidateFully(run);
      if (modes.every((m) => exposed[m] === 0)) {
        return notApplicable(
          'no page showed a product written before it was read, so none could be stale',
        );
      }
      return {
        passed: modes.every((m) => stale[m] === 0),
        detail: modes.map((m) => `${m}: ${stale[m]} stale of ${exposed[m]} exposed`).join('; '),
      };
    },
  },
  {
    id: 'stale-pages-younger-than-ttl',
    description:
      'Every stale page served was replaced in the database less than the TTL before it was served (dated by the database’s version history): the TTL bounds what invalidation misses',
    evaluate(run) {
      const stale = perMode(run, 'staleReads');
      const age = perMode(run, 'maxStaleAgeMs');
      const ttlSec = numberFact(run, 'maxTtlSec');
      if (stale === undefined || age === undefined || ttlSec === undefined) return ENDED_EARLY;
      if (MODES.every((m) => stale[m] === 0)) {
        return notApplicable('no copy served a stale page');
      }
      const oldest = Math.max(...MODES.map((m) => age[m]));
      return {
        passed: oldest <= ttlSec * 1000 + STALE_AGE_SLACK_MS,
        detail: `oldest stale page: ${oldest} ms after its replacement was committed (TTL ${ttlSec} s); stale pages: ${list(stale)}`,
      };
    },
  },
  {
    id: 'every-copy-recorded-every-write',
    description:
      'Each database’s version column records exactly the writes all four copies acknowledged (sum of version − 1 = writes)',
    evaluate(run) {
      const recorded = perMode(run, 'dbWrites');
      const writes = numberFact(run, 'writesAcknowledged');
      if (recorded === undefined || writes === undefined) return ENDED_EARLY;
      if (writes === 0 && MODES.every((m) => recorded[m] === 0)) {
        return notApplicable('no write was sent');
      }
      return {
        passed: MODES.every((m) => recorded[m] === writes),
        detail: `acknowledged by all four: ${writes}; recorded by each database: ${list(recorded)}`,
      };
    },
  },
];
