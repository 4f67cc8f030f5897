// Query-result caching: each SQL statement's rows under a key made of the statement, its
// arguments and a generation number per table it reads. A write bumps its table's generation,
// which orphans every cached result over that table at once (they expire by TTL): simple and
// never stale, but one price change throws away every product query, not just that product's.
import type { Redis } from 'ioredis';
import type { ProductRow, Review, ShopDatabase } from './shop-db.ts';
import type { DatabaseTrips, PageSource, Served } from './page.ts';

export interface QueryCacheOptions {
  db: ShopDatabase;
  redis: Redis;
  key: (...parts: (string | number)[]) => string;
  trips: DatabaseTrips;
  ttlSec: () => number;
}

export class QueryCache implements PageSource {
  constructor(private readonly o: QueryCacheOptions) {}

  async read(id: number): Promise<Served> {
    const { redis, key, db } = this.o;
    const [products = '0', reviews = '0', related = '0'] = (
      await redis.mget(key('gen', 'products'), key('gen', 'reviews'), key('gen', 'related'))
    ).map((g) => g ?? '0');
    const keys = {
      product: key('q', 'product-by-id', products, id),
      reviews: key('q', 'reviews-of', reviews, id),
      related: key('q', 'related-products-of', `${related}.${products}`, id),
    };
    const [product, reviewRows, relatedRows] = await redis.mget(
      keys.product,
      keys.reviews,
      keys.related,
    );
    const missing = [product, reviewRows, relatedRows].filter((r) => r === null).length;
    if (missing === 0) {
      return { body: page(product, reviewRows, relatedRows), queries: 0, cache: 'hit' };
    }
    await this.o.trips(missing);
    const ttl = this.o.ttlSec();
    const fill = redis.multi();
    const cached = <T>(rows: string | null | undefined, key: string, run: () => T): string => {
      if (typeof rows === 'string') return rows;
      const json = JSON.stringify(run());
      fill.set(key, json, 'EX', ttl);
      return json;
    };
    const body = page(
      cached(product, keys.product, () => db.product(id)),
      cached(reviewRows, keys.reviews, (): Review[] => db.reviews(id)),
      cached(relatedRows, keys.related, (): ProductRow[] => db.relatedProducts(id)),
    );
    await fill.exec();
    return { body, queries: missing, cache: missing === 3 ? 'miss' : 'partial' };
  }

  async write(id: number, price: number): Promise<void> {
    await this.o.trips(1);
    this.o.db.setPrice(id, price);
    await this.o.redis.incr(this.o.key('gen', 'products'));
  }
}

/** The page's JSON from the three results' JSON, without parsing them. */
function page(
  product: string | null | undefined,
  reviews: string | null | undefined,
  related: string | null | undefined,
): string {
  return `{"product":${product ?? 'null'},"reviews":${reviews ?? '[]'},"related":${related ?? '[]'}}`;
}
