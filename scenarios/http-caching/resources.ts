// The six resources the origin serves, one caching policy each. The learner's browser panel
// reads the same list from the origin's index, so the two never drift apart.
import type { ResourceSettings } from '../src/sdk/http/index.ts';
import type { HttpCachingParams } from './params.ts';

export interface ResourceSpec {
  /** For fact keys: `requests.<id>`. */
  id: string;
  path: string;
  /** Every use must reach the origin (no-cache, max-age=0 + must-revalidate, no-store). */
  mustAsk: boolean;
  settings(params: HttpCachingParams): ResourceSettings;
}

/** Where the origin lists its resources (never cached, never counted). */
export const INDEX_PATH = '/_resources';

export const RESOURCES: readonly ResourceSpec[] = [
  {
    id: 'fresh',
    path: '/fresh',
    mustAsk: false,
    settings: (p) => ({ cacheControl: `max-age=${p.maxAgeSec}` }),
  },
  {
    id: 'noValidator',
    path: '/no-validator',
    mustAsk: false,
    settings: (p) => ({ cacheControl: `max-age=${p.maxAgeSec}`, etag: false, lastModified: false }),
  },
  {
    id: 'swr',
    path: '/swr',
    mustAsk: false,
    settings: (p) => ({ cacheControl: `max-age=1, stale-while-revalidate=${p.swrSec}` }),
  },
  {
    id: 'noCache',
    path: '/no-cache',
    mustAsk: true,
    settings: () => ({ cacheControl: 'no-cache', lastModified: false }),
  },
  {
    // Last-Modified alone: a bare no-cache would leave undici to its heuristic freshness (10% of
    // the time since Last-Modified) and store nothing; max-age=0 makes it stale from the start.
    id: 'byDate',
    path: '/by-date',
    mustAsk: true,
    settings: () => ({ cacheControl: 'max-age=0, must-revalidate', etag: false }),
  },
  {
    id: 'noStore',
    path: '/no-store',
    mustAsk: true,
    settings: () => ({ cacheControl: 'no-store' }),
  },
];

export function resourceSettings(spec: ResourceSpec, params: HttpCachingParams): ResourceSettings {
  return { sizeBytes: params.sizeKb * 1024, contentType: 'text/plain', ...spec.settings(params) };
}
