// Cache-Control as numbers: what a client or a check needs to know how long an answer may be
// reused (RFC 9111 §5.2).

export interface CacheDirectives {
  maxAge?: number;
  sMaxAge?: number;
  staleWhileRevalidate?: number;
  staleIfError?: number;
  noCache: boolean;
  noStore: boolean;
  mustRevalidate: boolean;
  private: boolean;
  public: boolean;
  immutable: boolean;
}

/** Parses a Cache-Control value; unknown directives are ignored, as a cache must. */
export function parseCacheControl(header: string | string[] | undefined): CacheDirectives {
  const directives: CacheDirectives = {
    noCache: false,
    noStore: false,
    mustRevalidate: false,
    private: false,
    public: false,
    immutable: false,
  };
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of value.split(',')) {
    const [rawName = '', rawArg] = part.split('=', 2);
    const name = rawName.trim().toLowerCase();
    const seconds = rawArg === undefined ? NaN : Number(rawArg.trim().replace(/^"|"$/g, ''));
    const number = Number.isFinite(seconds) && seconds >= 0 ? Math.floor(seconds) : undefined;
    switch (name) {
      case 'max-age':
        if (number !== undefined) directives.maxAge = number;
        break;
      case 's-maxage':
        if (number !== undefined) directives.sMaxAge = number;
        break;
      case 'stale-while-revalidate':
        if (number !== undefined) directives.staleWhileRevalidate = number;
        break;
      case 'stale-if-error':
        if (number !== undefined) directives.staleIfError = number;
        break;
      case 'no-cache':
        directives.noCache = true;
        break;
      case 'no-store':
        directives.noStore = true;
        break;
      case 'must-revalidate':
        directives.mustRevalidate = true;
        break;
      case 'private':
        directives.private = true;
        break;
      case 'public':
        directives.public = true;
        break;
      case 'immutable':
        directives.immutable = true;
        break;
    }
  }
  return directives;
}

/**
 * The longest a cache may answer with a stored copy without asking the origin, in seconds:
 * its freshness lifetime plus the stale-while-revalidate window (0 where every use must ask).
 */
export function reuseWindowSec(directives: CacheDirectives, shared = false): number {
  if (directives.noStore || directives.noCache) return 0;
  const lifetime = (shared ? directives.sMaxAge : undefined) ?? directives.maxAge ?? 0;
  const swr = directives.mustRevalidate ? 0 : (directives.staleWhileRevalidate ?? 0);
  return lifetime + swr;
}
