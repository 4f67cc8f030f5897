// Response caching: the whole body of GET /products/:id under one key. A hit costs one GET and no
// work at all; the price is invalidation, because a page shows more than its own product.
import type { Redis } from 'ioredis';
import { defineLuaCommands } from '../src/sdk/redis/index.ts';
import type { ShopDatabase } from './shop-db.ts';
import { pageFromDatabase, STATEMENTS_PER_PAGE } from './page.ts';
import type { DatabaseTrips, PageSource, Served } from './page.ts';

export type PageInvalidation = 'own-page' | 'tagged';

interface TagCommands {
  invalidateTag(tag: string): Promise<number>;
}

export interface ResponseCacheOptions {
  db: ShopDatabase;
  redis: Redis;
  /** A key in this mode's namespace. */
  key: (...parts: (string | number)[]) => string;
  trips: DatabaseTrips;
  ttlSec: () => number;
  invalidation: () => PageInvalidation;
}

export class ResponseCache implements PageSource {
  private readonly redis: Redis & TagCommands;

  constructor(private readonly o: ResponseCacheOptions) {
    this.redis = defineLuaCommands<TagCommands>(o.redis, new URL('./lua/', import.meta.url), {
      invalidateTag: { file: 'invalidate-tag', numberOfKeys: 1 },
    });
  }

  async read(id: number): Promise<Served> {
    const pageKey = this.o.key('page', id);
    const cached = await this.redis.get(pageKey);
    if (cached !== null) return { body: cached, queries: 0, cache: 'hit' };
    await this.o.trips(STATEMENTS_PER_PAGE);
    const page = pageFromDatabase(this.o.db, id);
    const body = JSON.stringify(page);
    const ttl = this.o.ttlSec();
    // Every page is filed under a tag per product it shows, whichever invalidation is chosen,
    // so switching to 'tagged' while the run goes finds the pages already cached.
    const fill = this.redis.multi().set(pageKey, body, 'EX', ttl);
    for (const shown of [page.product.id, ...page.related.map((p) => p.id)]) {
      const tag = this.o.key('tag', shown);
      fill.sadd(tag, pageKey).expire(tag, ttl);
    }
    await fill.exec();
    return { body, queries: STATEMENTS_PER_PAGE, cache: 'miss' };
  }

  async write(id: number, price: number): Promise<void> {
    await this.o.trips(1);
    this.o.db.setPrice(id, price);
    if (this.o.invalidation() === 'tagged') await this.redis.invalidateTag(this.o.key('tag', id));
    else await this.redis.del(this.o.key('page', id));
  }
}
