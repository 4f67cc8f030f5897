// A client that caches as a browser does (undici's cache interceptor, a private cache of its
// own) and knows, for every answer, where it came from. It does not guess from headers: a tap
// below the cache sees each request that actually leaves for the network, and a tap above it
// marks when the caller's answer began, so a stale-while-revalidate refresh sent after the
// answer is told apart from a revalidation the answer waited for.
import { Agent, cacheStores, interceptors } from 'undici';
import type { Dispatcher } from 'undici';

/** Where an answer came from: the client's own cache, a 304 revalidation, or a full 200. */
export type Verdict = 'cache' | 'revalidated' | 'full';

export interface Answer {
  path: string;
  verdict: Verdict;
  /** The status the caller saw (a revalidated answer is the cached 200). */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body bytes the caller received, from wherever they came. */
  bodyBytes: number;
  /** Served past its freshness lifetime while a background revalidation refreshes it. */
  stale: boolean;
  latencyMs: number;
}

/** One request that left for the network, as the tap below the cache saw it. */
export interface NetworkExchange {
  path: string;
  /** 0 when the request failed without a response. */
  status: number;
  /** It carried If-None-Match or If-Modified-Since. */
  conditional: boolean;
  /** Body bytes received off the wire. */
  bodyBytes: number;
  /** Sent by the cache after the caller had its (stale) answer: stale-while-revalidate. */
  background: boolean;
}

export interface CachingClientOptions {
  /** http://host:port of the origin (or anything in front of it). */
  origin: string;
  /** 'private' caches as a browser does (default); 'shared' as a proxy or CDN. */
  type?: 'private' | 'shared';
  /** Bytes the cache may hold (default 16 MiB). */
  maxCacheBytes?: number;
  /** Every request that left for the network, once it ends. */
  onNetwork?: (exchange: NetworkExchange) => void;
}

// Rides in the dispatch options: undici's cache copies them into the requests it sends.
const kExchange = Symbol('caching-client.exchange');

interface Exchange {
  /** The caller's answer has begun: any request sent from now on is a background one. */
  answered: boolean;
  /** Statuses of the requests the answer waited for, in order. */
  foreground: number[];
}

type Tagged = Dispatcher.DispatchOptions & { [kExchange]?: Exchange };

export class CachingClient {
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: CachingClientOptions) {
    this.agent = new Agent({ connections: 4, keepAliveTimeout: 10_000 });
    const store = new cacheStores.MemoryCacheStore({
      maxSize: options.maxCacheBytes ?? 16 * 1024 * 1024,
    });
    this.dispatcher = this.agent.compose(
      this.networkTap(),
      interceptors.cache({ store, type: options.type ?? 'private' }),
      answerTap(),
    );
  }

  /** GET `path`; resolves once the whole body is in. */
  async get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const exchange: Exchange = { answered: false, foreground: [] };
    const start = performance.now();
    const options: Tagged & Dispatcher.RequestOptions = {
      origin: this.options.origin,
      path,
      method: 'GET',
      headers,
      [kExchange]: exchange,
    };
    const response = await this.dispatcher.request(options);
    const body = Buffer.from(await response.body.arrayBuffer());
    const last = exchange.foreground.at(-1);
    const verdict: Verdict = last === undefined ? 'cache' : last === 304 ? 'revalidated' : 'full';
    const warning = String(response.headers.warning ?? '');
    return {
      path,
      verdict,
      status: response.statusCode,
      headers: response.headers,
      bodyBytes: body.length,
      stale: verdict === 'cache' && warning.startsWith('110'),
      latencyMs: performance.now() - start,
    };
  }

  /** Network requests sent and not yet ended (background revalidations included). */
  get pending(): number {
    return this.inFlight;
  }

  /** Resolves once no request of this client is on the network, or after `withinMs`. */
  async idle(withinMs = 3000): Promise<boolean> {
    if (this.inFlight === 0) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), withinMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }

  private settled(): void {
    this.inFlight--;
    if (this.inFlight > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Below the cache: what really goes to the network. */
  private networkTap(): Dispatcher.DispatcherComposeInterceptor {
    return (dispatch) => (opts: Tagged, handler) => {
      const exchange = opts[kExchange];
      const background = exchange?.answered === true;
      const headers = (opts.headers ?? {}) as Record<string, unknown>;
      const seen: NetworkExchange = {
        path: opts.path,
        status: 0,
        conditional:
          headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined,
        bodyBytes: 0,
        background,
      };
      this.inFlight++;
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        this.options.onNetwork?.(seen);
        this.settled();
      };
      return dispatch(opts, {
        onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
        onRequestUpgrade: (controller, status, h, socket) =>
          handler.onRequestUpgrade?.(controller, status, h, socket),
        onResponseStart: (controller, status, h, message) => {
          seen.status = status;
          if (!background) exchange?.foreground.push(status);
          handler.onResponseStart?.(controller, status, h, message);
        },
        onResponseData: (controller, chunk) => {
          seen.bodyBytes += chunk.length;
          handler.onResponseData?.(controller, chunk);
        },
        onResponseEnd: (controller, trailers) => {
          end();
          handler.onResponseEnd?.(controller, trailers);
        },
        onResponseError: (controller, error) => {
          end();
          handler.onResponseError?.(controller, error);
        },
      });
    };
  }
}

/** Above the cache: marks the moment the caller's answer begins. */
function answerTap(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts: Tagged, handler) => {
    const exchange = opts[kExchange];
    return dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, status, h, socket) =>
        handler.onRequestUpgrade?.(controller, status, h, socket),
      onResponseStart: (controller, status, h, message) => {
        if (exchange !== undefined) exchange.answered = true;
        handler.onResponseStart?.(controller, status, h, message);
      },
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
  };
}
