// A private nginx as a scenario sees it: `ctx.privateNginx(settings)` starts a caching reverse
// proxy of the run's own (infrastructure/launcher/private/nginx.ts) and hands back this handle.
// The settings and the access-log lines are the launcher's own types: it writes the config and
// the log format, so it is the one place that knows them.
import type { NginxSettings } from '../../../infrastructure/launcher/private/nginx-config.ts';
import { NGINX_CACHE_STATUSES } from '../../../infrastructure/launcher/private/nginx-log.ts';
import type {
  NginxCacheStatus,
  NginxLogLine,
} from '../../../infrastructure/launcher/private/nginx-log.ts';

export type {
  NginxIgnorableHeader,
  NginxStaleCondition,
} from '../../../infrastructure/launcher/private/nginx-config.ts';
export type { NginxCacheStatus, NginxLogLine };

/** The statuses nginx puts in X-Cache-Status, in a stable order for charts and checks. */
export { NGINX_CACHE_STATUSES };

/** What a scenario may set; see the launcher's NginxSettings for each directive. */
export type PrivateNginxSettings = NginxSettings;

/** An nginx the run started for itself; killed (workers too) and deleted when the run ends. */
export interface PrivateNginx {
  /** Its fault node: `nginx-<n>`, numbered in the order the run started them. */
  readonly name: string;
  /** 127.0.0.1:<port> */
  readonly address: string;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** The master's pid (a restart changes it). */
  readonly pid: number;
  /** The settings it runs with now. */
  readonly settings: Readonly<PrivateNginxSettings>;
  /** The master's children now: workers, cache manager, cache loader. */
  workerPids(): number[];
  /**
   * nginx's own access log, parsed: one line per client request and per background cache update
   * (`background: true`), since it started. Read it before the run returns: the file goes with
   * the run.
   */
  accessLog(): NginxLogLine[];
  /**
   * Applies `changes` on top of the current settings, live (SIGHUP): the cache and the port stay;
   * resolves once new connections get the new config. Rejects, keeping the old config, when nginx
   * refuses the new one.
   */
  reload(changes: Partial<PrivateNginxSettings>): Promise<void>;
  /** SIGKILL to the master and its workers. */
  kill(): Promise<void>;
  /** nginx's fast shutdown (SIGTERM). */
  stop(): Promise<void>;
  /** Starts it again on the same port, cache directory and settings. */
  restart(): Promise<void>;
}

/** Client requests per cache status in these lines ('' when the cache was not consulted). */
export function countByCacheStatus(
  lines: readonly NginxLogLine[],
): Record<NginxCacheStatus | '', number> {
  const counts = { '': 0 } as Record<NginxCacheStatus | '', number>;
  for (const status of NGINX_CACHE_STATUSES) counts[status] = 0;
  for (const line of lines) if (!line.background) counts[line.cacheStatus]++;
  return counts;
}

/** Requests nginx sent upstream: every attempt of every line, background updates included. */
export function upstreamAttempts(lines: readonly NginxLogLine[]): number {
  return lines.reduce((n, line) => n + line.upstreamAddrs.length, 0);
}
