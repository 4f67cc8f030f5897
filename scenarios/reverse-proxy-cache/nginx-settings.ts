// The params that are nginx directives, as the settings its config is generated from. A live
// change to any of them is a reload (SIGHUP): same process, same port, same cache.
import type { PrivateNginxSettings } from '../src/sdk/nginx.ts';
import type { ReverseProxyCacheParams } from './params.ts';

/** The header a client sends to skip nginx's cache (proxy_cache_bypass). */
export const BYPASS_HEADER = 'X-Cache-Bypass';

export const RELOAD_PARAMS: readonly (keyof ReverseProxyCacheParams)[] = [
  'useStale',
  'backgroundUpdate',
  'cacheLock',
  'revalidate',
  'proxyTimeoutMs',
];

export function nginxSettings(
  upstream: string,
  params: Readonly<ReverseProxyCacheParams>,
): PrivateNginxSettings {
  return {
    upstream,
    // No validSec: the origin's Cache-Control max-age decides how long an entry is fresh.
    useStale: params.useStale
      ? ['error', 'timeout', 'updating', 'http_500', 'http_502', 'http_503', 'http_504']
      : [],
    backgroundUpdate: params.backgroundUpdate,
    lock: params.cacheLock,
    revalidate: params.revalidate,
    bypassHeader: BYPASS_HEADER,
    connectTimeoutMs: 1000,
    readTimeoutMs: params.proxyTimeoutMs,
  };
}
