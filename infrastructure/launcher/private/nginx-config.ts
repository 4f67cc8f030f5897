// The nginx.conf of a private nginx, generated from a run's settings: one reverse proxy with
// proxy_cache on a loopback port, and every path it writes (pid, logs, temp files, the cache)
// inside the instance's own directory. Nothing under /etc/nginx or /var is read or written.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ACCESS_LOG_FORMAT } from './nginx-log.ts';

/** proxy_cache_use_stale conditions: when nginx may answer with an expired entry. */
export type NginxStaleCondition =
  | 'error'
  | 'timeout'
  | 'invalid_header'
  | 'updating'
  | 'http_500'
  | 'http_502'
  | 'http_503'
  | 'http_504'
  | 'http_403'
  | 'http_404'
  | 'http_429';

/** Response headers nginx can be told not to obey (proxy_ignore_headers). */
export type NginxIgnorableHeader =
  | 'X-Accel-Redirect'
  | 'X-Accel-Expires'
  | 'X-Accel-Limit-Rate'
  | 'X-Accel-Buffering'
  | 'X-Accel-Charset'
  | 'Expires'
  | 'Cache-Control'
  | 'Set-Cookie'
  | 'Vary';

export interface NginxSettings {
  /** host:port of the server nginx proxies to (the origin, a fault link, another nginx). */
  upstream: string;
  /** proxy_cache on (default true); false makes it a plain proxy. */
  cache?: boolean;
  /**
   * proxy_cache_valid: status codes ('200 304', '404', 'any') → seconds. nginx uses them only for
   * responses without Cache-Control / Expires, unless those are in `ignoreHeaders`.
   */
  validSec?: Record<string, number>;
  /** proxy_ignore_headers: e.g. Cache-Control, so `validSec` decides alone. */
  ignoreHeaders?: NginxIgnorableHeader[];
  /** proxy_cache_use_stale (default off): when an expired entry may be served. */
  useStale?: NginxStaleCondition[];
  /** proxy_cache_background_update: refresh an expired entry in a subrequest, serve stale now. */
  backgroundUpdate?: boolean;
  /** proxy_cache_lock: one request per key fills the cache, the others wait for it. */
  lock?: boolean;
  /** proxy_cache_lock_timeout (default 5000 ms). */
  lockTimeoutMs?: number;
  /** proxy_cache_revalidate: refresh expired entries with If-Modified-Since / If-None-Match. */
  revalidate?: boolean;
  /** proxy_cache_min_uses (default 1). */
  minUses?: number;
  /**
   * A request header ('X-Cache-Bypass') that, when present and not "0", skips the cache for that
   * request (BYPASS): the answer comes from the upstream and refreshes the entry.
   */
  bypassHeader?: string;
  /** proxy_connect_timeout (default 2000 ms). */
  connectTimeoutMs?: number;
  /** proxy_read_timeout (default 10000 ms): a slower upstream counts as a `timeout`. */
  readTimeoutMs?: number;
  /** The keys zone in MB (default 4: about 32000 keys). */
  keysZoneMb?: number;
  /** proxy_cache_path max_size in MB (default 64). */
  maxSizeMb?: number;
  /** proxy_cache_path inactive, seconds (default 600): unused entries are removed after it. */
  inactiveSec?: number;
  /** Worker processes (default 1). */
  workers?: number;
}

export interface NginxConfigPlace {
  dir: string;
  port: number;
}

/** Answered by nginx itself with the config's generation: readiness, and a reload's arrival. */
export const READY_PATH = '/__playground/ready';
export const CONFIG_FILE = 'nginx.conf';
export const ACCESS_LOG = 'access.log';
export const ERROR_LOG = 'error.log';
export const PID_FILE = 'nginx.pid';

const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;
const STATUS_CODES = /^(any|\d{3}( \d{3})*)$/;

/** Rejects what would not make a valid directive, before nginx sees it. */
export function validateNginxSettings(settings: NginxSettings): void {
  if (!HOST_PORT.test(settings.upstream)) {
    throw new Error(`nginx upstream must be host:port, not ${JSON.stringify(settings.upstream)}`);
  }
  if (settings.bypassHeader !== undefined && !HEADER_NAME.test(settings.bypassHeader)) {
    throw new Error(`not a header name: ${JSON.stringify(settings.bypassHeader)}`);
  }
  for (const [codes, sec] of Object.entries(settings.validSec ?? {})) {
    if (!STATUS_CODES.test(codes)) throw new Error(`proxy_cache_valid codes: ${codes}`);
    if (!Number.isInteger(sec) || sec < 0) throw new Error(`proxy_cache_valid ${codes}: ${sec}`);
  }
  const whole: (keyof NginxSettings)[] = [
    'lockTimeoutMs',
    'minUses',
    'connectTimeoutMs',
    'readTimeoutMs',
    'keysZoneMb',
    'maxSizeMb',
    'inactiveSec',
    'workers',
  ];
  for (const key of whole) {
    const value = settings[key];
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1)) {
      throw new Error(`nginx ${key} must be a whole number ≥ 1, not ${String(value)}`);
    }
  }
}

export function isSearchableByOthers(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if ((statSync(d).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dirname(d) === d) return true;
  }
}

function groupExists(name: string): boolean {
  try {
    return readFileSync('/etc/group', 'utf8')
      .split('\n')
      .some((line) => line.startsWith(`${name}:`));
  } catch {
    return false;
  }
}

/**
 * The `user` directive, chosen rather than left to the build's default. Started by anyone but
 * root, nginx cannot switch users: master and workers run as whoever runs the playground, and
 * no directive is written. Started by root (a container, CI), the master stays root and the
 * workers switch to `nobody`, as a packaged nginx's workers switch to www-data; the master creates
 * the cache and temp directories owned by that user and opens the logs itself. The workers still
 * open cache files by path, so every directory above the instance's must be searchable by
 * others; where one is not (a checkout under a 0700 /root), the workers stay root rather than
 * fail every request that touches the cache, and the config says why.
 */
export function nginxUserDirective(dir: string): string {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return '# not root: master and workers run as the user who started the playground';
  }
  if (!isSearchableByOthers(dir)) {
    return `# root, and nobody cannot reach ${dir}: the workers stay root\nuser root;`;
  }
  return `user nobody ${groupExists('nogroup') ? 'nogroup' : 'nobody'};`;
}

const ms = (value: number): string => `${value}ms`;

function locationCache(settings: NginxSettings): string[] {
  if (settings.cache === false) return ['proxy_cache off;'];
  const lines = ['proxy_cache playground;'];
  for (const [codes, sec] of Object.entries(settings.validSec ?? {})) {
    lines.push(`proxy_cache_valid ${codes} ${sec}s;`);
  }
  if (settings.ignoreHeaders?.length) {
    lines.push(`proxy_ignore_headers ${settings.ignoreHeaders.join(' ')};`);
  }
  const stale = settings.useStale ?? [];
  lines.push(`proxy_cache_use_stale ${stale.length > 0 ? stale.join(' ') : 'off'};`);
  lines.push(`proxy_cache_background_update ${settings.backgroundUpdate ? 'on' : 'off'};`);
  lines.push(`proxy_cache_lock ${settings.lock ? 'on' : 'off'};`);
  if (settings.lockTimeoutMs !== undefined) {
    lines.push(`proxy_cache_lock_timeout ${ms(settings.lockTimeoutMs)};`);
  }
  lines.push(`proxy_cache_revalidate ${settings.revalidate ? 'on' : 'off'};`);
  lines.push(`proxy_cache_min_uses ${settings.minUses ?? 1};`);
  if (settings.bypassHeader !== undefined) {
    const variable = `$http_${settings.bypassHeader.toLowerCase().replaceAll('-', '_')}`;
    lines.push(`proxy_cache_bypass ${variable};`);
  }
  return lines;
}

/** The whole nginx.conf; `generation` is what the ready location answers. */
export function nginxConfig(
  place: NginxConfigPlace,
  settings: NginxSettings,
  generation: number,
): string {
  validateNginxSettings(settings);
  const at = (name: string): string => resolve(place.dir, name);
  const location = [
    'proxy_pass http://upstream;',
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
    `proxy_connect_timeout ${ms(settings.connectTimeoutMs ?? 2000)};`,
    `proxy_read_timeout ${ms(settings.readTimeoutMs ?? 10_000)};`,
    // Another tier's verdict must not pass as this one's: it is hidden, and shown under its own
    // name (on a hit, that is the verdict stored with the entry, not a fresh one).
    'proxy_hide_header X-Cache-Status;',
    'proxy_hide_header X-Upstream-Cache-Status;',
    ...locationCache(settings),
    'add_header X-Cache-Status $upstream_cache_status always;',
    'add_header X-Upstream-Cache-Status $upstream_http_x_cache_status always;',
  ];
  const zone = settings.keysZoneMb ?? 4;
  const lines = [
    `# Generated by the playground (generation ${generation}); rewritten on every start and reload.`,
    nginxUserDirective(place.dir),
    `worker_processes ${settings.workers ?? 1};`,
    `pid ${at(PID_FILE)};`,
    `error_log ${at(ERROR_LOG)} notice;`,
    'events { worker_connections 1024; }',
    'http {',
    '  default_type application/octet-stream;',
    `  client_body_temp_path ${at('temp-body')};`,
    `  proxy_temp_path ${at('temp-proxy')};`,
    `  fastcgi_temp_path ${at('temp-fastcgi')};`,
    `  uwsgi_temp_path ${at('temp-uwsgi')};`,
    `  scgi_temp_path ${at('temp-scgi')};`,
    `  log_format playground escape=json ${ACCESS_LOG_FORMAT};`,
    `  access_log ${at(ACCESS_LOG)} playground;`,
    // Background cache updates are subrequests: logged too, so every upstream request is.
    '  log_subrequest on;',
    `  proxy_cache_path ${at('cache')} levels=1:2 keys_zone=playground:${zone}m ` +
      `max_size=${settings.maxSizeMb ?? 64}m inactive=${settings.inactiveSec ?? 600}s use_temp_path=off;`,
    '  upstream upstream {',
    `    server ${settings.upstream};`,
    '    keepalive 32;',
    // Below the origin kit's 5 s: nginx, not the origin, closes an idle connection, so a request
    // never goes out on one the origin is closing.
    '    keepalive_timeout 4s;',
    '  }',
    '  server {',
    `    listen 127.0.0.1:${place.port};`,
    `    location = ${READY_PATH} { access_log off; return 200 "${generation}"; }`,
    '    location / {',
    ...location.map((line) => `      ${line}`),
    '    }',
    '  }',
    '}',
  ];
  return lines.join('\n') + '\n';
}
