// The sentences a learner reads in the event log, with the arithmetic behind the charts.
import { fmt } from '../src/sdk/narration.ts';
import type { RpcParams } from './params.ts';

type Shape = Omit<RpcParams, 'clients'>;

/** What server 1 does to each request it takes, against the clients' timeout. */
export function slowServerStory(p: Shape): string {
  if (p.slowServerDelayMs === 0) {
    return `every server takes ${p.serviceTimeMs} ms per request, well inside the ${fmt(p.timeoutMs)} ms timeout`;
  }
  const each = p.serviceTimeMs + p.slowServerDelayMs;
  const head = `server 1 takes ${p.serviceTimeMs} + ${p.slowServerDelayMs} = ${fmt(each)} ms per request`;
  // With prefetch > 1 the requests it holds queue inside it: the last one waits for all.
  const worst = each * p.prefetch;
  const queued =
    p.prefetch > 1
      ? `; it holds ${p.prefetch} at once, so the last waits ${p.prefetch} × ${fmt(each)} = ${fmt(worst)} ms`
      : '';
  if (worst <= p.timeoutMs) {
    return `${head}${queued}: slow, but inside the ${fmt(p.timeoutMs)} ms timeout, so answered in time`;
  }
  const what =
    each > p.timeoutMs
      ? 'every request it takes times out, and its reply arrives late and is discarded'
      : 'requests waiting behind others there time out, and their replies arrive late and are discarded';
  return `${head}${queued}, beyond the ${fmt(p.timeoutMs)} ms timeout: ${what}`;
}

/** The servers' combined answer rate against the offered load, when work takes time. */
export function capacityStory(p: Shape): string {
  if (p.serviceTimeMs === 0) return `${p.requestsPerSec} req/s sent`;
  const slow = p.slowServerDelayMs > 0 ? 1 : 0;
  const fast = p.servers - slow;
  const each = 1000 / p.serviceTimeMs;
  const total = fast * each + (slow * 1000) / (p.serviceTimeMs + p.slowServerDelayMs);
  const sum =
    slow === 1
      ? `${fast} × ${fmt(each)} + ${fmt(1000 / (p.serviceTimeMs + p.slowServerDelayMs))}`
      : `${fast} × ${fmt(each)}`;
  const verdict =
    total >= p.requestsPerSec
      ? `≥ ${p.requestsPerSec} req/s sent, so the request queue stays short`
      : `< ${p.requestsPerSec} req/s sent, so the request queue grows and waiting requests time out`;
  return `the servers answer at most ${sum} = ${fmt(Math.round(total))} req/s ${verdict}`;
}

export function setupStory(p: RpcParams): string {
  const clients = p.clients === 1 ? 'one client sends' : `${p.clients} clients send`;
  return `${clients} requests to one queue that ${p.servers} server${p.servers === 1 ? '' : 's'} consume (prefetch ${p.prefetch}); each client waits for its replies on direct reply-to, matching them by correlation id`;
}
