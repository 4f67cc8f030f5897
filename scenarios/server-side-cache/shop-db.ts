// The database behind one API copy: a real SQLite shop (products, reviews, related products, and
// a history of every committed product version). It lives in memory, so it vanishes with the run.
//
// node:sqlite exposes no statement counter of SQLite's own (no sqlite_stmt table in its build),
// so the count is kept here, in the one layer every application statement passes through as it
// executes: the handler's own ledger of what it meant to ask is kept elsewhere, and the checks
// hold the two against each other. The observer's statements (versions for judging staleness)
// are not application load and are not counted.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Counter } from '../src/sdk/recorders.ts';
import type { Random } from '../src/sdk/random.ts';

export interface ProductRow {
  id: number;
  name: string;
  price: number;
  version: number;
}

export interface Review {
  id: number;
  stars: number;
  body: string;
}

export const REVIEWS_PER_PRODUCT = 3;
export const RELATED_PER_PRODUCT = 3;

/**
 * The products shown beside product `id`: the next three ids, wrapping round (never itself, as
 * there are always more than three products). Neighbours of a hot product are hot too, as
 * products bought together tend to be.
 */
export function relatedIdsOf(id: number, products: number): number[] {
  return Array.from({ length: RELATED_PER_PRODUCT }, (_, k) => ((id + k) % products) + 1);
}

export class ShopDatabase {
  private readonly db: DatabaseSync;
  private readonly productById: StatementSync;
  private readonly reviewsOf: StatementSync;
  private readonly relatedProductsOf: StatementSync;
  private readonly relatedIdsOfStmt: StatementSync;
  private readonly updatePrice: StatementSync;
  private readonly recordVersion: StatementSync;
  private readonly productsByIdCount = new Map<number, StatementSync>();
  private readonly observeVersions: StatementSync;
  private readonly observeCommit: StatementSync;
  /** SELECTs this database executed for the application. */
  selects = 0;
  /** UPDATEs it committed. */
  updates = 0;

  /** @param counted bumped with every application SELECT, as it executes */
  constructor(
    readonly products: number,
    random: Random,
    private readonly counted: Counter[],
  ) {
    this.db = new DatabaseSync(':memory:');
    this.db.exec(`
      CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL,
                             version INTEGER NOT NULL);
      CREATE TABLE reviews (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL,
                            stars INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE INDEX reviews_by_product ON reviews (product_id);
      CREATE TABLE related (product_id INTEGER NOT NULL, position INTEGER NOT NULL,
                            related_id INTEGER NOT NULL, PRIMARY KEY (product_id, position));
      CREATE TABLE product_versions (product_id INTEGER NOT NULL, version INTEGER NOT NULL,
                                     committed_at REAL NOT NULL,
                                     PRIMARY KEY (product_id, version));
    `);
    const now = performance.now();
    const insertProduct = this.db.prepare('INSERT INTO products VALUES (?, ?, ?, 1)');
    const insertReview = this.db.prepare(
      'INSERT INTO reviews (product_id, stars, body) VALUES (?, ?, ?)',
    );
    const insertRelated = this.db.prepare('INSERT INTO related VALUES (?, ?, ?)');
    const insertVersion = this.db.prepare('INSERT INTO product_versions VALUES (?, 1, ?)');
    this.db.exec('BEGIN');
    for (let id = 1; id <= products; id++) {
      insertProduct.run(id, `Product ${id}`, randomPrice(random));
      insertVersion.run(id, now);
      for (let r = 0; r < REVIEWS_PER_PRODUCT; r++) {
        insertReview.run(id, 1 + random.int(5), `Review ${r + 1} of product ${id}`);
      }
      relatedIdsOf(id, products).forEach((relatedId, position) =>
        insertRelated.run(id, position, relatedId),
      );
    }
    this.db.exec('COMMIT');

    this.productById = this.db.prepare(
      'SELECT id, name, price, version FROM products WHERE id = ?',
    );
    this.reviewsOf = this.db.prepare(
      'SELECT id, stars, body FROM reviews WHERE product_id = ? ORDER BY id',
    );
    this.relatedProductsOf = this.db.prepare(
      `SELECT p.id, p.name, p.price, p.version FROM related r JOIN products p ON p.id = r.related_id
       WHERE r.product_id = ? ORDER BY r.position`,
    );
    this.relatedIdsOfStmt = this.db.prepare(
      'SELECT related_id FROM related WHERE product_id = ? ORDER BY position',
    );
    this.updatePrice = this.db.prepare(
      'UPDATE products SET price = ?, version = version + 1 WHERE id = ? RETURNING version',
    );
    this.recordVersion = this.db.prepare('INSERT INTO product_versions VALUES (?, ?, ?)');
    this.observeVersions = this.db.prepare(
      `SELECT id, version FROM products
       WHERE id = ? OR id IN (SELECT related_id FROM related WHERE product_id = ?)`,
    );
    this.observeCommit = this.db.prepare(
      'SELECT committed_at FROM product_versions WHERE product_id = ? AND version = ?',
    );
  }

  product(id: number): ProductRow {
    const row = this.select(this.productById, id) as ProductRow | undefined;
    if (row === undefined) throw new Error(`product ${id} is not in the database`);
    return { ...row };
  }

  /** Several products in one statement (WHERE id IN …), in no particular order. */
  productsByIds(ids: number[]): ProductRow[] {
    let statement = this.productsByIdCount.get(ids.length);
    if (statement === undefined) {
      const marks = ids.map(() => '?').join(', ');
      statement = this.db.prepare(
        `SELECT id, name, price, version FROM products WHERE id IN (${marks})`,
      );
      this.productsByIdCount.set(ids.length, statement);
    }
    return this.selectAll(statement, ...ids) as unknown as ProductRow[];
  }

  reviews(productId: number): Review[] {
    return this.selectAll(this.reviewsOf, productId) as unknown as Review[];
  }

  relatedProducts(productId: number): ProductRow[] {
    return this.selectAll(this.relatedProductsOf, productId) as unknown as ProductRow[];
  }

  relatedIds(productId: number): number[] {
    const rows = this.selectAll(this.relatedIdsOfStmt, productId) as { related_id: number }[];
    return rows.map((r) => r.related_id);
  }

  /** Commits a new price: the version goes up by one, and the commit time is kept. */
  setPrice(id: number, price: number): number {
    this.db.exec('BEGIN');
    const row = this.updatePrice.get(price, id) as { version: number } | undefined;
    if (row === undefined) {
      this.db.exec('ROLLBACK');
      throw new Error(`product ${id} is not in the database`);
    }
    this.recordVersion.run(id, row.version, performance.now());
    this.db.exec('COMMIT');
    this.updates++;
    return row.version;
  }

  /** The observer's fresh read: the version of a product and of each product on its page. */
  versionsOnPage(id: number): Map<number, number> {
    const rows = this.observeVersions.all(id, id) as { id: number; version: number }[];
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  /** When `version` of product `id` was committed (performance.now() ms), for the observer. */
  committedAt(id: number, version: number): number | undefined {
    const row = this.observeCommit.get(id, version) as { committed_at: number } | undefined;
    return row?.committed_at;
  }

  /** Writes the database itself recorded: every product starts at version 1. */
  countWrites(): number {
    const row = this.db.prepare('SELECT SUM(version - 1) AS writes FROM products').get() as
      { writes: number | null } | undefined;
    return row?.writes ?? 0;
  }

  close(): void {
    this.db.close();
  }

  private select(statement: StatementSync, ...args: number[]): unknown {
    this.count();
    return statement.get(...args);
  }

  private selectAll(statement: StatementSync, ...args: number[]): unknown[] {
    this.count();
    return statement.all(...args);
  }

  private count(): void {
    this.selects++;
    for (const c of this.counted) c.inc();
  }
}

export function randomPrice(random: Random): number {
  return Math.round((1 + random.next() * 99) * 100) / 100;
}
