// The simulated clients of one API copy, over HTTP (an undici pool of keep-alive connections),
// and the observer that judges each page they get against the database behind that copy.
import { Pool } from 'undici';
import type { Counter, Histogram } from '../src/sdk/recorders.ts';
import type { Mode, ProductPage } from './page.ts';
import type { ShopDatabase } from './shop-db.ts';

export interface ModeRecorders {
  requests: Counter;
  stale: Counter[];
  latency: Histogram;
  errors: Counter;
}

export class ModeClient {
  private readonly pool: Pool;
  /** What the handler said it sent to the database, summed over every page received. */
  believedQueries = 0;
  /** Pages showing a product that had been written before the read was sent. */
  exposedReads = 0;
  staleReads = 0;
  /** The oldest stale data served: from the commit of the version that replaced it. */
  maxStaleAgeMs = 0;
  /** Reads of a product this client had read within the TTL before: what a cache could save. */
  repeatReads = 0;
  private readonly lastReadAt = new Map<number, number>();
  /** Called on the first stale page, for the narration. */
  onFirstStale: ((id: number, served: number, current: number) => void) | undefined;

  constructor(
    readonly mode: Mode,
    origin: string,
    private readonly db: ShopDatabase,
    private readonly r: ModeRecorders,
    connections: number,
    private readonly ttlSec: () => number,
  ) {
    this.pool = new Pool(origin, { connections, pipelining: 1 });
  }

  async read(id: number): Promise<void> {
    // The versions the database holds as the request leaves: anything older in the page was
    // already overwritten when it was asked for. A read that races a write may fairly return
    // either version, and is judged against this earlier reading.
    const atSend = this.db.versionsOnPage(id);
    const start = performance.now();
    const last = this.lastReadAt.get(id);
    if (last !== undefined && start - last < this.ttlSec() * 1000) this.repeatReads++;
    this.lastReadAt.set(id, start);
    try {
      const { statusCode, headers, body } = await this.pool.request({
        path: `/products/${id}`,
        method: 'GET',
      });
      const text = await body.text();
      if (statusCode !== 200) throw new Error(`GET /products/${id}: ${statusCode} ${text}`);
      const received = performance.now();
      this.r.latency.record(received - start);
      this.believedQueries += Number(headers['x-db-queries']);
      this.judge(JSON.parse(text) as ProductPage, atSend, received);
      this.r.requests.inc();
    } catch {
      this.r.errors.inc();
    }
  }

  async write(id: number, price: number): Promise<boolean> {
    try {
      const { statusCode, body } = await this.pool.request({
        path: `/products/${id}`,
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ price }),
      });
      await body.dump();
      return statusCode === 204;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private judge(page: ProductPage, atSend: Map<number, number>, receivedAt: number): void {
    let exposed = false;
    let stale = false;
    for (const shown of [page.product, ...page.related]) {
      const current = atSend.get(shown.id) ?? 1;
      if (current > 1) exposed = true;
      if (shown.version >= current) continue;
      const replacedAt = this.db.committedAt(shown.id, shown.version + 1);
      if (replacedAt !== undefined) {
        this.maxStaleAgeMs = Math.max(this.maxStaleAgeMs, receivedAt - replacedAt);
      }
      if (this.staleReads === 0 && !stale) this.onFirstStale?.(shown.id, shown.version, current);
      stale = true;
    }
    if (exposed) this.exposedReads++;
    if (stale) {
      this.staleReads++;
      for (const c of this.r.stale) c.inc();
    }
  }
}
