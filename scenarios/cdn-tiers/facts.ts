// What the run records for its checks: each tier's own access log, the origin's own count, what
// the clients read from the headers, and how long each new version took to reach every edge.
import type { NginxCacheStatus } from '../src/sdk/nginx.ts';

export const factKeys = {
  /** Client requests edge i logged with this X-Cache-Status. */
  edgeLog: (i: number, status: NginxCacheStatus | ''): string => `edge${i}.log.${status || 'none'}`,
  /** Answers via edge i whose X-Cache-Status the clients read as this. */
  edgeClients: (i: number, status: NginxCacheStatus | ''): string =>
    `edge${i}.clients.${status || 'none'}`,
  /** Requests edge i sent upstream (to the shield), by its log. */
  edgeUpstream: (i: number): string => `edge${i}.log.upstream`,
  /** Requests the shield logged, with this X-Cache-Status. */
  shieldLog: (status: NginxCacheStatus | ''): string => `shield.log.${status || 'none'}`,
  /** Answers an edge fetched from the shield, whose X-Upstream-Cache-Status the clients read. */
  shieldClients: (status: NginxCacheStatus | ''): string => `shield.clients.${status || 'none'}`,
  shieldRequests: 'shield.log.requests',
  /** Requests the shield sent to the origin, by its log. */
  shieldUpstream: 'shield.log.upstream',
  originRequests: 'origin.requests',
  /** Requests that got no answer (nothing to compare with a log). */
  noAnswer: 'clients.noAnswer',
  drained: 'drained',
  /** New versions whose spread to every edge was measured. */
  purges: 'purge.count',
  purgeMaxMs: 'purge.maxMs',
  /** The bound the TTLs set on a spread (see checks). */
  purgeBoundMs: 'purge.boundMs',
  /** A spread still under way when the run ended, and how long it had been going. */
  purgeUnfinishedMs: 'purge.unfinishedMs',
  /** Every nginx pid at the start (masters and children), comma-separated. */
  nginxPids: 'nginx.pids',
} as const;
