// The origin: a real SQLite products table standing for the system of record. It lives in memory,
// so it vanishes with the run and needs no cleanup.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { Counter } from '../src/sdk/recorders.ts';
import type { Random } from '../src/sdk/random.ts';

export interface Product {
  id: number;
  name: string;
  price: number;
  version: number;
  updated_at: number;
}

const COLUMNS = 'id, name, price, version, updated_at';

export class ProductOrigin {
  private readonly db: DatabaseSync;
  private readonly selectOne: StatementSync;
  private readonly selectVersion: StatementSync;
  private readonly updateOne: StatementSync;

  /**
   * @param reads counts the product SELECTs this origin serves, here where they happen rather
   *   than where the cache decided to ask, so the checks can hold it against the cache's misses
   */
  constructor(
    readonly size: number,
    random: Random,
    readonly reads: Counter = new Counter(),
  ) {
    this.db = new DatabaseSync(':memory:');
    this.db.exec(
      `CREATE TABLE products (
         id INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         price REAL NOT NULL,
         version INTEGER NOT NULL,
         updated_at INTEGER NOT NULL
       )`,
    );
    const insert = this.db.prepare(
      'INSERT INTO products (id, name, price, version, updated_at) VALUES (?, ?, ?, 1, ?)',
    );
    const now = Date.now();
    this.db.exec('BEGIN');
    for (let id = 1; id <= size; id++) insert.run(id, `Product ${id}`, randomPrice(random), now);
    this.db.exec('COMMIT');
    this.selectOne = this.db.prepare(`SELECT ${COLUMNS} FROM products WHERE id = ?`);
    this.selectVersion = this.db.prepare('SELECT version FROM products WHERE id = ?');
    this.updateOne = this.db.prepare(
      `UPDATE products SET price = ?, version = version + 1, updated_at = ?
       WHERE id = ? RETURNING ${COLUMNS}`,
    );
  }

  /** The application's read of a product: a SELECT the origin serves, and counts. */
  read(id: number): Product {
    const row = this.selectOne.get(id) as Product | undefined;
    if (row === undefined) throw new Error(`product ${id} is not in the origin`);
    this.reads.inc();
    return row;
  }

  /**
   * The version SQLite holds for a product now: the observer's yardstick for stale reads, not
   * application traffic, so it is not counted in `reads`.
   */
  versionOf(id: number): number {
    const row = this.selectVersion.get(id) as { version: number } | undefined;
    if (row === undefined) throw new Error(`product ${id} is not in the origin`);
    return row.version;
  }

  /** Sets a new price and bumps the version; returns the row as it now stands. */
  write(id: number, price: number): Product {
    const row = this.updateOne.get(price, Date.now(), id) as Product | undefined;
    if (row === undefined) throw new Error(`product ${id} is not in the origin`);
    return row;
  }

  /** Writes the origin itself has recorded: every row starts at version 1. */
  countWrites(): number {
    const row = this.db.prepare('SELECT SUM(version - 1) AS writes FROM products').get() as
      { writes: number | null } | undefined;
    return row?.writes ?? 0;
  }

  close(): void {
    this.db.close();
  }
}

export function randomPrice(random: Random): number {
  return Math.round((1 + random.next() * 99) * 100) / 100;
}
