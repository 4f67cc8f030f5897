// Object caching: each product, each product's reviews and each product's related ids under a
// key of its own, assembled into a page on every request. A write deletes just the one product's
// object, and every page showing it picks up the new price on its next read; the cost is two
// Redis round trips per page and the assembly work.
import type { Redis } from 'ioredis';
import type { ProductRow, Review, ShopDatabase } from './shop-db.ts';
import type { DatabaseTrips, PageSource, ProductPage, Served } from './page.ts';

export interface ObjectCacheOptions {
  db: ShopDatabase;
  redis: Redis;
  key: (...parts: (string | number)[]) => string;
  trips: DatabaseTrips;
  ttlSec: () => number;
}

export class ObjectCache implements PageSource {
  constructor(private readonly o: ObjectCacheOptions) {}

  async read(id: number): Promise<Served> {
    const { redis, key, db } = this.o;
    const [productJson, reviewsJson, relatedJson] = await redis.mget(
      key('product', id),
      key('reviews', id),
      key('related-ids', id),
    );
    let queries = 0;
    const ttl = this.o.ttlSec();
    let relatedIds: number[];
    if (typeof relatedJson === 'string') {
      relatedIds = JSON.parse(relatedJson) as number[];
    } else {
      await this.o.trips(1);
      queries++;
      relatedIds = db.relatedIds(id);
      await redis.set(key('related-ids', id), JSON.stringify(relatedIds), 'EX', ttl);
    }
    const relatedJsons = await redis.mget(relatedIds.map((r) => key('product', r)));

    const products = new Map<number, ProductRow>();
    const missingIds: number[] = [];
    [productJson, ...relatedJsons].forEach((json, i) => {
      const productId = i === 0 ? id : (relatedIds[i - 1] as number);
      if (typeof json === 'string') products.set(productId, JSON.parse(json) as ProductRow);
      else missingIds.push(productId);
    });
    const reviewsMissing = typeof reviewsJson !== 'string';
    const toQuery = (missingIds.length > 0 ? 1 : 0) + (reviewsMissing ? 1 : 0);
    if (toQuery > 0) await this.o.trips(toQuery);
    queries += toQuery;

    const fill = redis.multi();
    // One statement for every product object missing: the batching a DataLoader would do.
    if (missingIds.length > 0) {
      for (const row of db.productsByIds(missingIds)) {
        products.set(row.id, row);
        fill.set(key('product', row.id), JSON.stringify(row), 'EX', ttl);
      }
    }
    let reviews: Review[];
    if (reviewsMissing) {
      reviews = db.reviews(id);
      fill.set(key('reviews', id), JSON.stringify(reviews), 'EX', ttl);
    } else {
      reviews = JSON.parse(reviewsJson) as Review[];
    }
    if (toQuery > 0) await fill.exec();

    const page: ProductPage = {
      product: found(products, id),
      reviews,
      related: relatedIds.map((r) => found(products, r)),
    };
    const coldPage = productJson === null && reviewsJson === null && relatedJson === null;
    const cache = queries === 0 ? 'hit' : coldPage ? 'miss' : 'partial';
    return { body: JSON.stringify(page), queries, cache };
  }

  async write(id: number, price: number): Promise<void> {
    await this.o.trips(1);
    this.o.db.setPrice(id, price);
    await this.o.redis.del(this.o.key('product', id));
  }
}

function found(products: Map<number, ProductRow>, id: number): ProductRow {
  const row = products.get(id);
  if (row === undefined) throw new Error(`product ${id} is neither cached nor in the database`);
  return row;
}
