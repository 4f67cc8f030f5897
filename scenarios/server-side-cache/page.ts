// What every API copy serves, whatever it caches: a product page (the product, its reviews and
// its related products), and the contract between the HTTP layer and a caching mode.
import type { ProductRow, Review, ShopDatabase } from './shop-db.ts';

export type Mode = 'none' | 'response' | 'query' | 'object';
export const MODES: readonly Mode[] = ['none', 'response', 'query', 'object'];

export interface ProductPage {
  product: ProductRow;
  reviews: Review[];
  related: ProductRow[];
}

/** How the cache answered: all of it, none of it, some of the parts, or there is no cache. */
export type CacheOutcome = 'hit' | 'miss' | 'partial' | 'off';

export interface Served {
  /** The response body (JSON of a ProductPage). */
  body: string;
  /** The SQL statements the handler decided to send for this request, from its cache lookups. */
  queries: number;
  cache: CacheOutcome;
}

/** One way of answering GET and PUT /products/:id. */
export interface PageSource {
  read(id: number): Promise<Served>;
  write(id: number, price: number): Promise<void>;
}

/** The page straight from the database: three statements. */
export function pageFromDatabase(db: ShopDatabase, id: number): ProductPage {
  return { product: db.product(id), reviews: db.reviews(id), related: db.relatedProducts(id) };
}
export const STATEMENTS_PER_PAGE = 3;

/**
 * Waits the network time of `statements` round trips to the database. The statements themselves
 * then run in one synchronous step with the cache write that follows them, so a write cannot
 * slip between reading the database and filling the cache (see lesson.md, the takeaway).
 */
export type DatabaseTrips = (statements: number) => Promise<void>;

export class NoCache implements PageSource {
  constructor(
    private readonly db: ShopDatabase,
    private readonly trips: DatabaseTrips,
  ) {}

  async read(id: number): Promise<Served> {
    await this.trips(STATEMENTS_PER_PAGE);
    const body = JSON.stringify(pageFromDatabase(this.db, id));
    return { body, queries: STATEMENTS_PER_PAGE, cache: 'off' };
  }

  async write(id: number, price: number): Promise<void> {
    await this.trips(1);
    this.db.setPrice(id, price);
  }
}
