// The simulated shoppers: logged in at auth-service, calling the gateway over one undici pool
// with enough connections that the clients never queue themselves (the load is open-loop: a
// slow gateway gets more requests in flight, not fewer requests). An answer is never an
// exception: a refused connection or a client timeout is status 0.
import { Pool } from 'undici';

/**
 * Longer than the gateway's slowest answer with the params' bounds, but for the extreme
 * protected one (its line 2 s + 4 attempts of 1 s + backoff), which the checks allow for.
 */
export const CLIENT_TIMEOUT_MS = 6_000;

export interface GatewayAnswer {
  status: number;
  ms: number;
  breakerState: string | undefined;
  breakerSeq: string | undefined;
  fallback: boolean;
}

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export class GatewayClients {
  private readonly pool: Pool;

  constructor(gatewayUrl: string) {
    this.pool = new Pool(gatewayUrl, {
      connections: 1024,
      headersTimeout: CLIENT_TIMEOUT_MS,
      bodyTimeout: CLIENT_TIMEOUT_MS,
    });
  }

  async get(path: string, token: string): Promise<GatewayAnswer> {
    const started = performance.now();
    try {
      const res = await this.pool.request({
        path,
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
      });
      await res.body.dump();
      return {
        status: res.statusCode,
        ms: performance.now() - started,
        breakerState: header(res.headers, 'x-breaker-state'),
        breakerSeq: header(res.headers, 'x-breaker-seq'),
        fallback: header(res.headers, 'x-fallback') === 'cache',
      };
    } catch {
      return {
        status: 0,
        ms: performance.now() - started,
        breakerState: undefined,
        breakerSeq: undefined,
        fallback: false,
      };
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy().catch(() => undefined);
  }
}
