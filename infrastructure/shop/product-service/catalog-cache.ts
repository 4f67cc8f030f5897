// Cache-aside over the in-process catalog: Redis first; on a miss, the "database" (the catalog
// after a simulated read delay), then the entry cached with a TTL.
import { productById } from '../lib/catalog.ts';
import type { Product } from '../lib/catalog.ts';
import type { Service } from '../lib/service.ts';

export interface CachedProduct extends Product {
  source: 'cache' | 'db';
}

export class CatalogCache {
  private readonly lookups;
  private readonly dbReads;

  constructor(
    private readonly service: Service,
    private readonly options: { products: number; dbDelayMs: number; ttlMs: number },
  ) {
    this.lookups = service.metrics.counter('shop_product_cache_total', 'Product cache lookups', [
      'result',
    ]);
    this.dbReads = service.metrics.counter('shop_db_reads_total', 'Catalog reads on a cache miss');
  }

  key(id: string): string {
    return `${this.service.config.keyPrefix}product:${id}`;
  }

  async get(id: string): Promise<CachedProduct | undefined> {
    const cached = await this.service.redis.get(this.key(id));
    if (cached !== null) {
      this.lookups.inc({ result: 'hit' });
      return { ...(JSON.parse(cached) as Product), source: 'cache' };
    }
    this.lookups.inc({ result: 'miss' });
    this.dbReads.inc();
    await new Promise((r) => setTimeout(r, this.options.dbDelayMs));
    const product = productById(id, this.options.products);
    if (product === undefined) return undefined;
    await this.service.redis.set(this.key(id), JSON.stringify(product), 'PX', this.options.ttlMs);
    return { ...product, source: 'db' };
  }

  exists(id: string): boolean {
    return productById(id, this.options.products) !== undefined;
  }
}
