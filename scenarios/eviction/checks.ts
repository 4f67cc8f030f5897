// Each check holds what the readers counted against what the private Redis itself reports.
import type { CheckSpec } from '../src/sdk/contract.ts';
import { notApplicable } from '../src/sdk/contract.ts';
import type { EvictionParams } from './params.ts';

export const evictionChecks: CheckSpec<EvictionParams>[] = [
  {
    id: 'hits-match-server',
    description: "The readers' hits and misses equal Redis's keyspace_hits and keyspace_misses",
    evaluate({ summary, facts }) {
      const hits = summary.hits ?? 0;
      const misses = summary.misses ?? 0;
      if (hits + misses === 0) return notApplicable('no reads (rate 0)');
      const serverHits = Number(facts.keyspaceHits);
      const serverMisses = Number(facts.keyspaceMisses);
      return {
        passed: hits === serverHits && misses === serverMisses,
        detail: `readers: ${hits} hits, ${misses} misses; INFO: ${serverHits} hits, ${serverMisses} misses`,
      };
    },
  },
  {
    id: 'keys-accounted',
    description:
      'Keys the readers created, minus what Redis evicted and expired, are the keys it holds',
    evaluate({ summary, facts }) {
      const fills = summary.fills ?? 0;
      if (fills === 0) return notApplicable('no key was created');
      const evicted = Number(facts.evictedKeys);
      const expired = Number(facts.expiredKeys);
      const held = Number(facts.dbsize);
      return {
        passed: fills - evicted - expired === held,
        detail: `${fills} created − ${evicted} evicted − ${expired} expired = ${fills - evicted - expired}; DBSIZE ${held}`,
      };
    },
  },
  {
    id: 'refusals-match-server',
    description: 'The fills the readers saw refused (OOM) equal the OOM replies Redis counted',
    evaluate({ summary, facts }) {
      const seen = summary.oomErrors ?? 0;
      const replies = Number(facts.oomReplies);
      if (seen === 0 && replies === 0) {
        return notApplicable(
          'no write was refused: the policy evicted instead, or memory sufficed',
        );
      }
      return {
        passed: seen === replies,
        detail: `readers saw ${seen} OOM refusals; INFO errorstats OOM count ${replies}`,
      };
    },
  },
];
