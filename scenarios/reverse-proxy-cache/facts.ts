// What the run records for its checks: nginx's own access log, the origin's own counts, and
// what the clients saw while the origin was down.
import type { NginxCacheStatus } from '../src/sdk/nginx.ts';

export const factKeys = {
  /** Client requests nginx logged with this X-Cache-Status. */
  log: (status: NginxCacheStatus): string => `log.${status}`,
  /** Client requests nginx logged without a cache status. */
  logUnlabelled: 'log.unlabelled',
  /** Client requests nginx logged (background updates apart). */
  logRequests: 'log.requests',
  /** Background cache updates nginx logged (subrequests no client saw). */
  logBackground: 'log.background',
  /** Requests nginx sent upstream, every attempt, background updates included. */
  logUpstream: 'log.upstreamAttempts',
  /** …of them for client requests nginx logged with this status. */
  logUpstreamFor: (status: NginxCacheStatus): string => `log.upstream.${status}`,
  /** …of them background cache updates. */
  logUpstreamBackground: 'log.upstream.background',
  /** Upstream attempts nginx logged as failed with 502 (a dropped connection). */
  logUpstreamDropped: 'log.upstreamDropped',
  /** Requests the origin received, by its own count. */
  originRequests: 'origin.requests',
  /** Connections the origin dropped while down, by its own count. */
  originDropped: 'origin.dropped',
  /** Answers with no X-Cache-Status header, as the clients counted them. */
  clientsUnlabelled: 'clients.unlabelled',
  /** Requests that got no HTTP answer at all. */
  clientsNoAnswer: 'clients.noAnswer',
  /** Whether the origin's count and nginx's log had settled to the same number at the end. */
  drained: 'drained',
  outageHappened: 'outage.happened',
  outageUseStale: 'outage.useStale',
  outageFromSec: 'outage.fromSec',
  outageToSec: 'outage.toSec',
  /** Requests sent during the outage for a URL already answered, not bypassing the cache. */
  outageCachedRequests: 'outage.cachedRequests',
  /** …of which got an error. */
  outageCachedErrors: 'outage.cachedErrors',
  outageStale: 'outage.stale',
  /** nginx's master and children at the start, comma-separated: gone after the run. */
  nginxPids: 'nginx.pids',
  /** The least originDelayMs in effect during the run. */
  minOriginDelayMs: 'minOriginDelayMs',
} as const;
