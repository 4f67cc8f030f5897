// The proxies of one process, by name: what Toxiproxy's HTTP API lists, creates and deletes.
// Runs create theirs here (named `<runId>.<link>`), so the API sees them too.
import { sameAddress, splitAddress } from './address.ts';
import { FaultProxy } from './proxy.ts';
import { ToxicError } from './toxics.ts';
import type { ProxyState } from './toxics.ts';

export interface ProxyInput {
  name: string;
  listen?: string;
  upstream: string;
  enabled?: boolean;
}

export class ProxyRegistry {
  private readonly proxies = new Map<string, FaultProxy>();
  private readonly creating = new Set<string>();

  async create(config: ProxyInput): Promise<FaultProxy> {
    if (this.proxies.has(config.name) || this.creating.has(config.name)) {
      throw new ToxicError(`proxy already exists: ${config.name}`, 409);
    }
    // Reserved across the await so two creates of one name cannot both pass the check.
    this.creating.add(config.name);
    try {
      const proxy = await FaultProxy.create(config);
      this.proxies.set(config.name, proxy);
      return proxy;
    } finally {
      this.creating.delete(config.name);
    }
  }

  get(name: string): FaultProxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw new ToxicError(`proxy not found: ${name}`, 404);
    return proxy;
  }

  has(name: string): boolean {
    return this.proxies.has(name);
  }

  list(): FaultProxy[] {
    return [...this.proxies.values()];
  }

  toJSON(): Record<string, ProxyState> {
    return Object.fromEntries(this.list().map((p) => [p.name, p.toJSON()]));
  }

  async delete(name: string): Promise<void> {
    const proxy = this.get(name);
    this.proxies.delete(name);
    await proxy.close();
  }

  /**
   * Toxiproxy's POST /populate: each proxy created, or replaced when its listen address or
   * upstream differs (its toxics go with it); one that matches is kept as it is. Every entry is
   * checked before any is touched.
   */
  async populate(configs: readonly ProxyInput[]): Promise<FaultProxy[]> {
    for (const config of configs) {
      splitAddress(config.upstream, false);
      if (config.listen !== undefined) splitAddress(config.listen);
    }
    const names = configs.map((c) => c.name);
    const repeated = names.find((name, at) => names.indexOf(name) !== at);
    if (repeated !== undefined) throw new ToxicError(`proxy ${repeated} is listed twice`, 400);
    const result: FaultProxy[] = [];
    for (const config of configs) {
      const existing = this.proxies.get(config.name);
      if (existing) {
        const same =
          existing.upstream === config.upstream &&
          (config.listen === undefined || sameAddress(config.listen, existing.listen));
        if (same) {
          result.push(existing);
          continue;
        }
        await this.delete(config.name);
      }
      result.push(await this.create(config));
    }
    return result;
  }

  /** Toxiproxy's POST /reset: every proxy enabled, every toxic removed. */
  async reset(): Promise<void> {
    for (const proxy of this.list()) {
      proxy.removeAllToxics();
      await proxy.setEnabled(true);
    }
  }

  async closeAll(): Promise<void> {
    const all = this.list();
    this.proxies.clear();
    await Promise.all(all.map((p) => p.close()));
  }
}

/** The process's registry: the server's API and every run in the process share it. */
export const processProxies = new ProxyRegistry();
