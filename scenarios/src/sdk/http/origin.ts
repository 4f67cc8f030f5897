// A small HTTP origin of the run's own: node:http on a free loopback port, serving resources
// with the Cache-Control and validators a scenario gives them, answering conditional requests
// with 304, and counting every request it receives itself — the origin-side source the
// caching scenarios' checks hold the clients' (or a proxy's) counts against.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ResourceSettings {
  /** The Cache-Control header sent with it; none when undefined. */
  cacheControl?: string;
  /** Send a strong ETag (default true). */
  etag?: boolean;
  /** Send Last-Modified (default true). */
  lastModified?: boolean;
  /** Body size in bytes (default 1024). */
  sizeBytes?: number;
  /** Default 'application/octet-stream'. */
  contentType?: string;
  /** Any other response headers (Vary, Expires, Surrogate-Control…). */
  headers?: Record<string, string>;
}

/** How a down origin answers: it drops the connection, or says 503. */
export type DownMode = 'reset' | 'unavailable';

/** What the origin served one path, or in all: requests received, by the status it answered. */
export interface RequestCounts {
  requests: number;
  /** '200', '304', '404', '503', and 'reset' for a connection the down origin dropped. */
  byStatus: Record<string, number>;
}

export interface OriginStats extends RequestCounts {
  byPath: Record<string, RequestCounts>;
  /** Body bytes sent (200s only). */
  bytes: number;
  /** Requests the `apart` option set aside (not in any count above). */
  apart: RequestCounts;
}

/** One resource as the index lists it. */
export interface ResourceView {
  path: string;
  cacheControl: string | null;
  etag: boolean;
  lastModified: boolean;
  sizeBytes: number;
  version: number;
}

export interface OriginRequest {
  path: string;
  method: string;
  status: number | 'reset';
  /** Whether the request carried If-None-Match or If-Modified-Since. */
  conditional: boolean;
  bodyBytes: number;
  /** Set aside by the `apart` option: counted in `stats().apart` only. */
  apart: boolean;
  headers: IncomingHttpHeaders;
}

export interface OriginOptions {
  /** Milliseconds before each answer (default 0); `setDelay` changes it live. */
  delayMs?: number;
  /** Called once per request, after it is answered (a log, a narrator). */
  onRequest?: (request: OriginRequest) => void;
  /**
   * Requests that are not part of the load (a learner's browser through the playground server,
   * say) are counted apart, so the counts a check reads hold only the load's.
   */
  apart?: (headers: IncomingHttpHeaders) => boolean;
  /**
   * A path that lists the resources as JSON (`{ resources: ResourceView[] }`), never cached and
   * never counted: how a page learns what to fetch.
   */
  indexPath?: string;
}

interface Resource {
  settings: Required<Omit<ResourceSettings, 'cacheControl'>> & { cacheControl?: string };
  version: number;
  /** performance.now() when each version began to be served (index: version − 1). */
  publishedAt: number[];
  /** Milliseconds, whole seconds: HTTP dates have no finer grain. */
  modifiedAt: number;
  body: Buffer;
  etag: string;
}

const DEFAULT_SIZE = 1024;

export class HttpOrigin {
  private readonly resources = new Map<string, Resource>();
  private readonly sockets = new Set<Socket>();
  private counts: OriginStats = emptyStats();
  private delay: number;
  private listeningPort = 0;
  private downMode: DownMode | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: OriginOptions,
  ) {
    this.delay = options.delayMs ?? 0;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req, res) => void this.handle(req, res));
  }

  /** Starts an origin on a free port of 127.0.0.1; resolves once it listens. */
  static async start(options: OriginOptions = {}): Promise<HttpOrigin> {
    const server = createServer({ keepAliveTimeout: 5000 });
    const origin = new HttpOrigin(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        origin.listeningPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
    return origin;
  }

  /** Kept after close, so a closed origin's URL still names where it was. */
  get port(): number {
    return this.listeningPort;
  }

  /** host:port, for a fault link or a proxy's upstream. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** http://127.0.0.1:<port> */
  get url(): string {
    return `http://${this.address}`;
  }

  /** Adds (or replaces) the resource at `path` ('/a/b'), at version 1. */
  define(path: string, settings: ResourceSettings = {}): void {
    if (!path.startsWith('/')) throw new Error(`origin path must start with '/': ${path}`);
    const resource: Resource = {
      settings: {
        etag: settings.etag ?? true,
        lastModified: settings.lastModified ?? true,
        sizeBytes: settings.sizeBytes ?? DEFAULT_SIZE,
        contentType: settings.contentType ?? 'application/octet-stream',
        headers: settings.headers ?? {},
        ...(settings.cacheControl === undefined ? {} : { cacheControl: settings.cacheControl }),
      },
      version: 0,
      publishedAt: [],
      modifiedAt: 0,
      body: Buffer.alloc(0),
      etag: '',
    };
    this.resources.set(path, resource);
    this.renew(path, resource);
  }

  /** Changes a resource's headers from its next answer on (its version stays). */
  update(path: string, settings: Partial<ResourceSettings>): void {
    const resource = this.resource(path);
    const sizeChanged = settings.sizeBytes !== undefined;
    const { cacheControl, ...rest } = settings;
    Object.assign(resource.settings, stripUndefined(rest));
    if ('cacheControl' in settings) {
      if (cacheControl === undefined) delete resource.settings.cacheControl;
      else resource.settings.cacheControl = cacheControl;
    }
    if (sizeChanged) resource.body = bodyFor(path, resource.version, resource.settings.sizeBytes);
  }

  /** A new version: new body, new ETag, a later Last-Modified. Returns the version. */
  bump(path: string): number {
    const resource = this.resource(path);
    this.renew(path, resource);
    return resource.version;
  }

  /** The version the origin serves now (what a fresh answer carries in `x-origin-version`). */
  versionOf(path: string): number {
    return this.resource(path).version;
  }

  /** When `version` of `path` began to be served (performance.now() ms), if it has been. */
  publishedAt(path: string, version: number): number | undefined {
    return this.resource(path).publishedAt[version - 1];
  }

  etagOf(path: string): string {
    return this.resource(path).etag;
  }

  paths(): string[] {
    return [...this.resources.keys()];
  }

  /** Milliseconds before each answer, from the next request on. */
  setDelay(ms: number): void {
    this.delay = Math.max(0, ms);
  }

  get delayMs(): number {
    return this.delay;
  }

  /** Down: every request is dropped ('reset') or answered 503; `undefined` brings it back. */
  setDown(mode: DownMode | undefined): void {
    this.downMode = mode;
  }

  get down(): DownMode | undefined {
    return this.downMode;
  }

  /** A copy of the counts so far. */
  stats(): OriginStats {
    return structuredClone(this.counts);
  }

  /** Requests received for one path (0 for a path never asked). */
  requestsFor(path: string): number {
    return this.counts.byPath[path]?.requests ?? 0;
  }

  resetStats(): void {
    this.counts = emptyStats();
  }

  /** Stops listening and drops every connection, idle or not. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private resource(path: string): Resource {
    const resource = this.resources.get(path);
    if (resource === undefined) throw new Error(`the origin has no resource ${path}`);
    return resource;
  }

  private renew(path: string, resource: Resource): void {
    resource.version++;
    resource.publishedAt.push(performance.now());
    // A later whole second than the last version's, so If-Modified-Since tells them apart.
    const now = Math.floor(Date.now() / 1000) * 1000;
    resource.modifiedAt = Math.max(now, resource.modifiedAt + 1000);
    resource.body = bodyFor(path, resource.version, resource.settings.sizeBytes);
    const digest = createHash('sha1').update(path).digest('hex').slice(0, 12);
    resource.etag = `"${digest}-v${resource.version}"`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://origin').pathname;
    const method = req.method ?? 'GET';
    if (path === this.options.indexPath && method === 'GET') {
      const body = JSON.stringify({ resources: this.list() });
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    const conditional =
      req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
    const apart = this.options.apart?.(req.headers) ?? false;
    if (this.delay > 0) await new Promise((resolve) => setTimeout(resolve, this.delay));
    const record = (status: number | 'reset', bodyBytes: number): void => {
      if (apart) bump(this.counts.apart, String(status));
      else this.count(path, String(status), bodyBytes);
      const headers = req.headers;
      this.options.onRequest?.({ path, method, status, conditional, bodyBytes, apart, headers });
    };
    if (this.downMode === 'reset') {
      record('reset', 0);
      req.socket.destroy();
      return;
    }
    if (this.downMode === 'unavailable') {
      record(503, 0);
      res.writeHead(503, { 'content-length': '0', 'cache-control': 'no-store' }).end();
      return;
    }
    const resource = this.resources.get(path);
    if (resource === undefined || (method !== 'GET' && method !== 'HEAD')) {
      const status = resource === undefined ? 404 : 405;
      record(status, 0);
      res.writeHead(status, { 'content-length': '0' }).end();
      return;
    }
    const headers = this.headersFor(resource);
    if (notModified(req, resource)) {
      record(304, 0);
      res.writeHead(304, headers).end();
      return;
    }
    const sent = method === 'HEAD' ? 0 : resource.body.length;
    record(200, sent);
    res.writeHead(200, {
      ...headers,
      'content-type': resource.settings.contentType,
      'content-length': String(resource.body.length),
    });
    res.end(method === 'HEAD' ? undefined : resource.body);
  }

  /** Every resource, as the index serves it. */
  list(): ResourceView[] {
    return [...this.resources].map(([path, r]) => ({
      path,
      cacheControl: r.settings.cacheControl ?? null,
      etag: r.settings.etag,
      lastModified: r.settings.lastModified,
      sizeBytes: r.settings.sizeBytes,
      version: r.version,
    }));
  }

  private headersFor(resource: Resource): Record<string, string> {
    const { settings } = resource;
    const headers: Record<string, string> = {
      ...settings.headers,
      'x-origin-version': String(resource.version),
    };
    if (settings.cacheControl !== undefined) headers['cache-control'] = settings.cacheControl;
    if (settings.etag) headers.etag = resource.etag;
    if (settings.lastModified)
      headers['last-modified'] = new Date(resource.modifiedAt).toUTCString();
    return headers;
  }

  private count(path: string, status: string, bodyBytes: number): void {
    const c = this.counts;
    bump(c, status);
    c.bytes += bodyBytes;
    bump((c.byPath[path] ??= { requests: 0, byStatus: {} }), status);
  }
}

function bump(counts: RequestCounts, status: string): void {
  counts.requests++;
  counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
}

/** RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only without it. */
function notModified(req: IncomingMessage, resource: Resource): boolean {
  const { settings } = resource;
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (!settings.etag) return false;
    if (ifNoneMatch.trim() === '*') return true;
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .includes(resource.etag);
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince !== undefined && settings.lastModified) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && resource.modifiedAt <= since;
  }
  return false;
}

/** Bytes that name the path and version, so two versions never share a body. */
function bodyFor(path: string, version: number, size: number): Buffer {
  const stamp = Buffer.from(`${path} v${version}\n`);
  const body = Buffer.alloc(size, '.');
  stamp.copy(body, 0, 0, Math.min(stamp.length, size));
  return body;
}

function emptyStats(): OriginStats {
  return { requests: 0, byStatus: {}, byPath: {}, bytes: 0, apart: { requests: 0, byStatus: {} } };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
