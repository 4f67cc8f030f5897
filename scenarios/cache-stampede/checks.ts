import { notApplicable, numberFact } from '../src/sdk/contract.ts';
import type { CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import type { CacheStampedeParams } from './params.ts';

type Run = FinishedRun<CacheStampedeParams>;

const value = (run: Run, key: string): number => run.summary[key] ?? 0;
const ENDED_EARLY = 'the run ended before the origin and Redis were asked';

// Reads per key the early protections need to keep a key warm: early-refresh draws per read,
// so a key read a handful of times per TTL is refreshed late or not at all.
const MIN_READS_PER_KEY_PER_TTL = 20;

export const cacheStampedeChecks: CheckSpec<CacheStampedeParams>[] = [
  {
    id: 'every-miss-went-to-origin',
    description:
      'none: every read that Redis answered nil went to the origin: the reads the origin served (its own count) = the misses (Redis’s nil answers, counted by the readers)',
    evaluate(run) {
      if (run.params.protection !== 'none') {
        return notApplicable(
          `${run.params.protection} sends only some missing reads to the origin; see one-origin-read-per-expiry`,
        );
      }
      const [originReads, misses] = [value(run, 'originReads'), value(run, 'misses')];
      if (originReads === 0 && misses === 0) return notApplicable('no read found a key missing');
      return {
        passed: originReads === misses,
        detail: `the origin served ${originReads} reads; Redis answered nil to ${misses}`,
      };
    },
  },
  {
    id: 'one-origin-read-per-expiry',
    description:
      'lock and stale-while-revalidate: the origin (its own count) never computed a key twice at once, nor more often than the readers saw it expire in Redis',
    evaluate(run) {
      const { protection } = run.params;
      if (protection === 'none' || protection === 'early-refresh') {
        return notApplicable(
          protection === 'none'
            ? 'none holds no reader back: each waiting reader goes to the origin'
            : 'early-refresh takes no lock: readers that draw a refresh at the same time each compute',
        );
      }
      const keyMax = numberFact(run, 'originKeyInFlightMax');
      if (keyMax === undefined) return { passed: false, detail: ENDED_EARLY };
      const [originReads, expiries] = [value(run, 'originReads'), value(run, 'expiries')];
      if (expiries === 0 && originReads === 0) return notApplicable('no key expired');
      return {
        passed: keyMax <= 1 && originReads <= expiries,
        detail: `the origin served ${originReads} reads for ${expiries} expiries; at most ${keyMax} of one key at once`,
      };
    },
  },
  {
    id: 'kept-warm-after-first-fill',
    description:
      'early-refresh and stale-while-revalidate: once a key was cached, Redis never answered nil for it (a refresh always came before it expired)',
    evaluate(run) {
      const { protection, readsPerSec, hotKeys, ttlSec } = run.params;
      if (protection === 'none' || protection === 'lock') {
        return notApplicable(`${protection} lets a key expire before refilling it`);
      }
      const perKeyPerTtl = (readsPerSec / hotKeys) * ttlSec;
      if (perKeyPerTtl < MIN_READS_PER_KEY_PER_TTL) {
        return notApplicable(
          `${perKeyPerTtl.toFixed(1)} reads per key per TTL: too few for a refresh to come before expiry (needs ${MIN_READS_PER_KEY_PER_TTL})`,
        );
      }
      const late = value(run, 'lateExpiries');
      return {
        passed: late === 0,
        detail: `${late} expiries after a key's first fill (Redis answered nil); ${value(run, 'expiries')} expiries in all`,
      };
    },
  },
  {
    id: 'redis-holds-a-computed-value',
    description:
      'A fresh read of each hot key at the end finds a generation the origin computed; under lock and stale-while-revalidate, the latest one',
    evaluate(run) {
      const { hotKeys, protection } = run.params;
      const single = protection === 'lock' || protection === 'stale-while-revalidate';
      const wrong: string[] = [];
      let compared = 0;
      for (let k = 0; k < hotKeys; k++) {
        const [cached, computed] = [
          numberFact(run, `cachedGen.${k}`),
          numberFact(run, `originGen.${k}`),
        ];
        if (cached === undefined || computed === undefined)
          return { passed: false, detail: ENDED_EARLY };
        if (cached < 0) continue;
        compared++;
        const ok = single ? cached === computed : cached >= 1 && cached <= computed;
        if (!ok) wrong.push(`key ${k}: Redis ${cached}, origin ${computed}`);
      }
      if (compared === 0) return notApplicable('every hot key had expired when Redis was read');
      return {
        passed: wrong.length === 0,
        detail:
          wrong.length === 0
            ? `${compared} keys read: each holds ${single ? 'the latest' : 'a'} generation the origin computed`
            : wrong.join('; '),
      };
    },
  },
];
