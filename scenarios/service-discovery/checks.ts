// Each check holds one side's record against another's: the answers the clients got against
// Redis's registry readings, the gateway's own per-instance counters against the moment Redis
// dropped the killed key, the clients' errors against the TTL and against the gateway's count of
// failed calls, and the clients' per-instance tallies against each instance's own /metrics.
import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckResult, CheckSpec, FinishedRun } from '../src/sdk/contract.ts';
import { factKeys } from './metrics.ts';
import type { ServiceDiscoveryParams } from './params.ts';
import {
  GATEWAY_REFRESH_MS,
  IN_FLIGHT_SLACK_MS,
  errorBound,
  exposureWindowMs,
} from './ttl-bound.ts';

type Run = FinishedRun<ServiceDiscoveryParams>;

const num = (run: Run, key: string): number | undefined => {
  const v = run.facts[key];
  return typeof v === 'number' ? v : undefined;
};

const str = (run: Run, key: string): string | undefined => {
  const v = run.facts[key];
  return typeof v === 'string' ? v : undefined;
};

const ENDED_EARLY: CheckResult = {
  passed: false,
  detail:
    'the run ended before the final count (the clients, the gateway’s and the instances’ /metrics)',
};

const NO_KILL = 'no instance was killed (killAtSec 0, or the load ended first)';

/** The instances named in `<prefix>.<instance>` facts. */
const instancesIn = (run: Run, prefix: string): string[] =>
  Object.keys(run.facts)
    .filter((k) => k.startsWith(`${prefix}.`))
    .map((k) => k.slice(prefix.length + 1));

/** The killed instance and the moment its key was found gone, or why the check cannot say. */
function killFacts(
  run: Run,
): { killed: string; deregisterMs: number } | { result: CheckResult } | undefined {
  if (num(run, factKeys.answersChecked) === undefined) return { result: ENDED_EARLY };
  const killed = str(run, factKeys.killed);
  if (killed === undefined) return { result: notApplicable(NO_KILL) };
  const deregisterMs = num(run, factKeys.deregisterMs);
  if (deregisterMs === undefined || deregisterMs < 0) {
    return {
      result: notApplicable(
        `${killed} was killed, but the run ended before Redis dropped its key (TTL ${run.params.ttlMs} ms)`,
      ),
    };
  }
  return { killed, deregisterMs };
}

export const serviceDiscoveryChecks: CheckSpec<ServiceDiscoveryParams>[] = [
  {
    id: 'answered-by-registered-instance',
    description: `Every request a client got answered was answered by an instance whose registry key Redis held at that time, as the gateway last read the registry (at most ${GATEWAY_REFRESH_MS} ms before the request; Redis read every 20 ms)`,
    evaluate(run) {
      const checked = num(run, factKeys.answersChecked);
      const outside = num(run, factKeys.answersUnregistered);
      const slack = num(run, factKeys.registrySlackMs);
      if (checked === undefined || outside === undefined) return ENDED_EARLY;
      if (checked === 0)
        return notApplicable('no request was answered (rate 0, or the run ended during start-up)');
      const first = str(run, factKeys.firstUnregistered);
      return {
        passed: outside === 0,
        detail:
          `${checked} answers checked against Redis’s registry readings (±${slack ?? '?'} ms, the longest gap between two readings, and up to ${GATEWAY_REFRESH_MS} ms before each request): ` +
          (outside === 0
            ? 'each came from an instance registered then'
            : `${outside} came from an instance with no key at the time${first ? ` (first: ${first})` : ''}`),
      };
    },
  },
  {
    id: 'no-requests-after-expiry',
    description: `Once Redis dropped the killed instance’s key, the gateway sent it nothing more after its next registry read (${GATEWAY_REFRESH_MS} ms, + ${IN_FLIGHT_SLACK_MS} ms for a call under way): its own per-instance counter stood still from then to the end`,
    evaluate(run) {
      const k = killFacts(run);
      if (k === undefined || 'result' in k) return k?.result ?? ENDED_EARLY;
      const after = num(run, factKeys.gatewayToKilledAfterExpiry);
      const last = num(run, factKeys.gatewayLastToKilledMs);
      const scrape = num(run, factKeys.gatewayScrapeMs);
      if (last === undefined) return ENDED_EARLY;
      if (after === undefined) {
        return notApplicable(
          `the load ended within ${GATEWAY_REFRESH_MS + IN_FLIGHT_SLACK_MS} ms of Redis dropping ${k.killed}’s key: no scrape of the gateway after its next registry read`,
        );
      }
      return {
        passed: after === 0,
        detail:
          `Redis dropped ${k.killed}’s key ${k.deregisterMs} ms after the kill; the gateway’s last call to it showed in its /metrics ${last} ms after the kill (scraped every ${scrape ?? '?'} ms); ` +
          `calls to it counted from ${GATEWAY_REFRESH_MS + IN_FLIGHT_SLACK_MS} ms after the key was gone to the end: ${after}`,
      };
    },
  },
  {
    id: 'errors-bounded-by-ttl',
    description:
      'The kill cost no more errors than the TTL predicts: at most one request in N (the instances registered at the kill) of those sent in the TTL + one registry read after it, plus the requests it held',
    evaluate(run) {
      const k = killFacts(run);
      if (k === undefined || 'result' in k) return k?.result ?? ENDED_EARLY;
      const errors = num(run, factKeys.errorsAfterKill);
      const sent = num(run, factKeys.sentInTtlWindow);
      const n = num(run, factKeys.instancesAtKill);
      if (errors === undefined || sent === undefined || n === undefined) return ENDED_EARLY;
      const bound = errorBound({
        sentInWindow: sent,
        instancesAtKill: n,
        inFlight: run.params.clients,
      });
      return {
        passed: errors <= bound,
        detail: `${errors} errors after the kill; the TTL predicts at most ⌈${sent} sent in ${exposureWindowMs(run.params.ttlMs)} ms / ${n} instances⌉ + ${n} + ${run.params.clients} in flight = ${bound}`,
      };
    },
  },
  {
    id: 'errors-were-the-dead-instance',
    description:
      'Every error a client saw was a call the gateway sent the killed instance: the clients’ errors = the gateway’s failed upstream calls (its /metrics), all of them to the killed instance',
    evaluate(run) {
      const errors = num(run, factKeys.errors);
      const failed = num(run, factKeys.gatewayFailed);
      if (errors === undefined || failed === undefined) return ENDED_EARLY;
      const killed = str(run, factKeys.killed);
      const toKilled = num(run, factKeys.gatewayFailedToKilled) ?? 0;
      if (killed === undefined && errors === 0 && failed === 0) return notApplicable(NO_KILL);
      return {
        passed: errors === failed && failed === toKilled,
        detail: `clients saw ${errors} errors; the gateway counted ${failed} failed calls to product-service, ${toKilled} of them to ${killed ?? 'a killed instance (none was killed)'}`,
      };
    },
  },
  {
    id: 'per-instance-counts-match',
    description:
      'What the clients counted per instance (by the instance the gateway named) = what each instance counted itself (its /metrics, read before it stopped); for the killed instance, whose /metrics died with it, = the gateway’s count of its calls answered',
    evaluate(run) {
      const clients = instancesIn(run, 'clients');
      if (clients.length === 0) return ENDED_EARLY;
      const total = clients.reduce((n, i) => n + (num(run, factKeys.clients(i)) ?? 0), 0);
      if (total === 0)
        return notApplicable('no request was answered (rate 0, or the run ended during start-up)');
      const killed = str(run, factKeys.killed);
      const names = [...new Set([...clients, ...instancesIn(run, 'own')])].sort((a, b) =>
        a.localeCompare(b, 'en', { numeric: true }),
      );
      const parts: string[] = [];
      let passed = true;
      for (const name of names) {
        const seen = num(run, factKeys.clients(name)) ?? 0;
        const theirs =
          name === killed ? num(run, factKeys.gatewayOk(name)) : num(run, factKeys.own(name));
        const source = name === killed ? 'gateway' : 'own';
        if (theirs !== seen) passed = false;
        parts.push(`${name} ${seen}/${theirs ?? 'unread'} (${source})`);
      }
      return { passed, detail: `clients / instance: ${parts.join(', ')}` };
    },
  },
];
