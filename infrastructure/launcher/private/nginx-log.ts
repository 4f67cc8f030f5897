// nginx's own account of every request: one JSON object per line in the instance's access.log,
// written by nginx (log_format … escape=json), read back here. Scenarios hold what their clients
// counted against these lines, so the format names the cache's verdict and the upstream's part.

/** $upstream_cache_status: what the cache did with a request ('' when it was not consulted). */
export type NginxCacheStatus =
  'HIT' | 'MISS' | 'EXPIRED' | 'STALE' | 'UPDATING' | 'REVALIDATED' | 'BYPASS';

export const NGINX_CACHE_STATUSES: readonly NginxCacheStatus[] = [
  'HIT',
  'MISS',
  'EXPIRED',
  'STALE',
  'UPDATING',
  'REVALIDATED',
  'BYPASS',
];

export interface NginxLogLine {
  /** When nginx finished the request (ms since the epoch, from $msec). */
  timeMs: number;
  method: string;
  /** $request_uri: path and query as the client sent them. */
  uri: string;
  /** The HTTP status nginx answered. */
  status: number;
  /** $upstream_cache_status, '' when the cache was not consulted. */
  cacheStatus: NginxCacheStatus | '';
  /** $request_time in ms: from the first byte read from the client to the last byte sent. */
  requestTimeMs: number;
  /**
   * Every upstream nginx tried for this request, in order ($upstream_addr); empty when the
   * answer came from the cache alone. A connection refused is listed too.
   */
  upstreamAddrs: string[];
  /** $upstream_status per attempt ('200', '304', '502' when the upstream failed…). */
  upstreamStatuses: string[];
  /** $upstream_response_time summed over the attempts, ms; undefined when none. */
  upstreamResponseTimeMs: number | undefined;
  /** $body_bytes_sent. */
  bytes: number;
  /** The client's X-Request-Id header, '' when it sent none. */
  requestId: string;
  /**
   * A background cache update (proxy_cache_background_update): a subrequest nginx made on its own
   * to refresh an entry, that no client saw. Its $request_length is 0: it read nothing from a
   * client, while every client request has at least its request line.
   */
  background: boolean;
}

/** The log_format line (escape=json: nginx escapes the values, so each line is valid JSON). */
export const ACCESS_LOG_FORMAT =
  `'{"msec":"$msec","method":"$request_method","uri":"$request_uri","status":"$status",` +
  `"cache":"$upstream_cache_status","rt":"$request_time","ua":"$upstream_addr",` +
  `"us":"$upstream_status","urt":"$upstream_response_time","bytes":"$body_bytes_sent",` +
  `"rid":"$http_x_request_id","rl":"$request_length"}'`;

interface RawLine {
  msec?: string;
  method?: string;
  uri?: string;
  status?: string;
  cache?: string;
  rt?: string;
  ua?: string;
  us?: string;
  urt?: string;
  bytes?: string;
  rid?: string;
  rl?: string;
}

/** "a, b : c" (a comma between retries, a colon between upstream groups) → ['a', 'b', 'c']. */
function list(value: string | undefined): string[] {
  if (value === undefined || value === '' || value === '-') return [];
  return value
    .split(/[,:]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function seconds(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) ? n * 1000 : 0;
}

function cacheStatus(value: string | undefined): NginxCacheStatus | '' {
  return (NGINX_CACHE_STATUSES as readonly string[]).includes(value ?? '')
    ? (value as NginxCacheStatus)
    : '';
}

// An address is host:port, so $upstream_addr is split on commas only (the colon groups of
// several upstream blocks do not occur here: one location, one upstream).
function addresses(value: string | undefined): string[] {
  if (value === undefined || value === '' || value === '-') return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function parseLogLine(text: string): NginxLogLine | undefined {
  let raw: RawLine;
  try {
    raw = JSON.parse(text) as RawLine;
  } catch {
    return undefined;
  }
  const times = list(raw.urt).filter((t) => t !== '-');
  return {
    timeMs: seconds(raw.msec),
    method: raw.method ?? '',
    uri: raw.uri ?? '',
    status: Number(raw.status) || 0,
    cacheStatus: cacheStatus(raw.cache),
    requestTimeMs: seconds(raw.rt),
    upstreamAddrs: addresses(raw.ua),
    upstreamStatuses: list(raw.us),
    upstreamResponseTimeMs:
      times.length === 0 ? undefined : times.reduce((sum, t) => sum + seconds(t), 0),
    bytes: Number(raw.bytes) || 0,
    requestId: raw.rid ?? '',
    background: raw.rl === '0',
  };
}

/** Every complete line of an access log's text (a line still being written is skipped). */
export function parseAccessLog(text: string): NginxLogLine[] {
  const lines: NginxLogLine[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = parseLogLine(line);
    if (parsed !== undefined) lines.push(parsed);
  }
  return lines;
}
