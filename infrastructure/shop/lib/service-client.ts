// How a service calls another: the callee picked through the registry, a service token for it
// from auth-service (cached until shortly before it expires), undici with keep-alive and a
// timeout. The undici instrumentation makes each call a client span and sends `traceparent`.
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { RegistryClient } from './registry-client.ts';

export class UpstreamError extends Error {
  constructor(
    readonly service: string,
    readonly instance: string | undefined,
    message: string,
  ) {
    super(`${service}${instance ? ` (${instance})` : ''}: ${message}`);
  }
}

export interface CallOptions {
  method?: Dispatcher.HttpMethod;
  body?: unknown;
  headers?: Record<string, string>;
  /** Headers timeout, default the client's. */
  timeoutMs?: number;
}

export interface CallResult<T> {
  status: number;
  body: T;
  /** The instance that answered. */
  instance: string;
  headers: Record<string, string | string[] | undefined>;
}

const TOKEN_MARGIN_MS = 5_000;

export class ServiceTokens {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly registry: RegistryClient,
    private readonly dispatcher: Dispatcher,
    private readonly caller: string,
    private readonly secret: string,
  ) {}

  /** A token for calling `audience`, fetched anew shortly before the cached one expires. */
  async token(audience: string): Promise<string> {
    const cached = this.cache.get(audience);
    if (cached && cached.expiresAt - TOKEN_MARGIN_MS > Date.now()) return cached.token;
    let pending = this.inflight.get(audience);
    if (pending === undefined) {
      pending = this.fetch(audience).finally(() => this.inflight.delete(audience));
      this.inflight.set(audience, pending);
    }
    return pending;
  }

  private async fetch(audience: string): Promise<string> {
    const auth = await this.registry.pick('auth-service');
    const res = await request(new URL('/service-token', auth.url), {
      method: 'POST',
      dispatcher: this.dispatcher,
      headers: { 'content-type': 'application/json', 'x-service-secret': this.secret },
      body: JSON.stringify({ service: this.caller, audience }),
    });
    const body = (await res.body.json()) as { token?: string; expiresAt?: number };
    if (res.statusCode !== 200 || !body.token || !body.expiresAt) {
      throw new UpstreamError('auth-service', auth.instance, `service token: ${res.statusCode}`);
    }
    this.cache.set(audience, { token: body.token, expiresAt: body.expiresAt });
    return body.token;
  }
}

export class ServiceClient {
  readonly dispatcher: Agent;
  readonly tokens: ServiceTokens;

  constructor(
    readonly registry: RegistryClient,
    options: { caller: string; secret: string; timeoutMs?: number },
  ) {
    const timeout = options.timeoutMs ?? 5_000;
    this.dispatcher = new Agent({
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connect: { timeout: 1_000 },
      keepAliveTimeout: 10_000,
    });
    this.tokens = new ServiceTokens(registry, this.dispatcher, options.caller, options.secret);
  }

  /** Calls `service` at `path` with a service token; any status comes back, errors throw. */
  async call<T>(service: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
    const endpoint = await this.registry.pick(service);
    let token: string;
    try {
      token = await this.tokens.token(service);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      throw new UpstreamError('auth-service', undefined, (error as Error).message);
    }
    try {
      const res = await request(new URL(path, endpoint.url), {
        method: options.method ?? 'GET',
        dispatcher: this.dispatcher,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(options.timeoutMs === undefined
          ? {}
          : { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs }),
      });
      const text = await res.body.text();
      return {
        status: res.statusCode,
        body: (text === '' ? undefined : JSON.parse(text)) as T,
        instance: endpoint.instance,
        headers: res.headers,
      };
    } catch (error) {
      throw new UpstreamError(service, endpoint.instance, (error as Error).message);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close().catch(() => undefined);
  }
}
