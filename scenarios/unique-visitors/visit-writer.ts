// Sends visits to Redis in batches, each one MULTI of SADD, PFADD and BITFIELD, so a snapshot
// never sees the three structures a half-written batch apart. It keeps its own record of what
// Redis acknowledged (which ids, and the largest bit offset) for the checks to hold against
// SCARD, BITCOUNT, PFCOUNT and STRLEN: the client's count on one side, Redis's on the other.
import type { Redis } from 'ioredis';
import { SeenSet } from '../src/sdk/seen-set.ts';
import type { Counter } from '../src/sdk/recorders.ts';
import type { VisitorKeys } from './keys.ts';
import { POPULATION_MAX } from './params.ts';

export class VisitWriter {
  /** The distinct visitor ids Redis acknowledged. */
  readonly seen = new SeenSet(POPULATION_MAX);
  /** The largest bit offset set in the bitmap, -1 before the first visit. */
  maxOffset = -1;
  private batch: number[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly keys: VisitorKeys,
    private readonly idSpacing: number,
    private readonly visits: Counter,
  ) {}

  add(id: number): void {
    this.batch.push(id);
  }

  get batched(): number {
    return this.batch.length;
  }

  async flush(): Promise<void> {
    const ids = this.batch;
    if (ids.length === 0) return;
    this.batch = [];
    // BITFIELD sets many bits in one command: SET u1 <offset> 1 for each visit.
    const bits: number[] = [];
    for (const id of ids) bits.push(id * this.idSpacing);
    const replies = await this.redis
      .multi()
      .sadd(this.keys.set, ...ids)
      .pfadd(this.keys.hll, ...ids)
      .call('BITFIELD', [this.keys.bitmap, ...bits.flatMap((offset) => ['SET', 'u1', offset, 1])])
      .exec();
    if (replies === null) throw new Error('Redis aborted the MULTI of a batch of visits');
    for (const [error] of replies) if (error) throw error;
    for (const id of ids) this.seen.add(id);
    for (const offset of bits) if (offset > this.maxOffset) this.maxOffset = offset;
    this.visits.inc(ids.length);
  }
}

/** About a hundred round trips a second whatever the rate; one visit each at a trickle. */
export function batchSize(visitsPerSec: number): number {
  return Math.max(1, Math.ceil(visitsPerSec / 100));
}
