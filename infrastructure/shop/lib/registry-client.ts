// Finds a service's live instances in the registry and round-robins over them. The list is
// refreshed in the background every 250 ms, so an expired instance stops being picked within
// one refresh after its key is gone.
import type { Redis } from 'ioredis';
import { registryPattern } from './registry.ts';

export interface Endpoint {
  instance: string;
  url: string;
}

export class NoInstance extends Error {
  constructor(readonly service: string) {
    super(`no live instance of ${service} in the registry`);
  }
}

const REFRESH_MS = 250;

export class RegistryClient {
  private readonly known = new Map<string, Endpoint[]>();
  private readonly watched = new Set<string>();
  private readonly cursor = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The next live instance of `service` (round-robin); looks it up now if not yet known. */
  async pick(service: string): Promise<Endpoint> {
    let endpoints = this.known.get(service);
    if (endpoints === undefined || endpoints.length === 0) {
      this.watch(service);
      endpoints = await this.refresh(service);
    }
    if (endpoints.length === 0) throw new NoInstance(service);
    const n = (this.cursor.get(service) ?? 0) % endpoints.length;
    this.cursor.set(service, n + 1);
    return endpoints[n] as Endpoint;
  }

  /** Live instances as last read. */
  endpoints(service: string): Endpoint[] {
    return this.known.get(service) ?? [];
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private watch(service: string): void {
    this.watched.add(service);
    this.timer ??= setInterval(() => {
      for (const s of this.watched) void this.refresh(s).catch(() => undefined);
    }, REFRESH_MS);
  }

  private async refresh(service: string): Promise<Endpoint[]> {
    const pattern = registryPattern(this.prefix, service);
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    keys.sort();
    const urls = keys.length === 0 ? [] : await this.redis.mget(...keys);
    const endpoints: Endpoint[] = [];
    keys.forEach((key, i) => {
      const url = urls[i];
      if (url) endpoints.push({ instance: key.slice(key.lastIndexOf(':') + 1), url });
    });
    this.known.set(service, endpoints);
    return endpoints;
  }
}
