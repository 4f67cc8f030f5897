// The clients of the nginx scenarios: plain HTTP over keep-alive connections, with no cache of
// their own, reading what nginx says about each answer (X-Cache-Status, and the tier behind it in
// X-Upstream-Cache-Status) and which version of the resource the origin had served
// (x-origin-version, from the HTTP kit's origin). Imported by path, as a kit is.
import { Pool, errors } from 'undici';
import { NGINX_CACHE_STATUSES } from './nginx.ts';
import type { NginxCacheStatus } from './nginx.ts';

export interface ProxyAnswer {
  status: number;
  /** X-Cache-Status: this nginx's verdict; undefined when it sent none. */
  cache: NginxCacheStatus | undefined;
  /**
   * X-Upstream-Cache-Status: the verdict of the nginx behind it, when it is one. Fresh only when
   * this nginx went upstream for the answer; on a hit it is the one stored with the entry.
   */
  upstreamCache: NginxCacheStatus | undefined;
  /** x-origin-version of the body, when the origin sent one. */
  originVersion: number | undefined;
  latencyMs: number;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseCacheStatus(
  value: string | string[] | undefined,
): NginxCacheStatus | undefined {
  const status = first(value);
  return (NGINX_CACHE_STATUSES as readonly string[]).includes(status ?? '')
    ? (status as NginxCacheStatus)
    : undefined;
}

export class ProxyClient {
  private readonly pool: Pool;

  constructor(url: string, connections: number) {
    this.pool = new Pool(url, { connections, keepAliveTimeout: 10_000 });
  }

  /**
   * GET `path`; resolves once the whole body is in. A keep-alive connection that nginx closed
   * just as it was reused (a reload retires the old workers, which close their idle connections)
   * fails before nginx read the request, so it is sent once more on a fresh connection.
   */
  async get(path: string, headers: Record<string, string> = {}): Promise<ProxyAnswer> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.pool.request({ path, method: 'GET', headers });
        await res.body.dump();
        const version = Number(first(res.headers['x-origin-version']));
        return {
          status: res.statusCode,
          cache: parseCacheStatus(res.headers['x-cache-status']),
          upstreamCache: parseCacheStatus(res.headers['x-upstream-cache-status']),
          originVersion: Number.isInteger(version) ? version : undefined,
          latencyMs: performance.now() - started,
        };
      } catch (error) {
        if (attempt > 1 || !(error instanceof errors.SocketError)) throw error;
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
