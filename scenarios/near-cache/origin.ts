// The system of record behind both cache levels: a version per item, in memory. Reads that miss
// L1 and L2 load from here, and it counts them itself, for the checks.
import type { Counter } from '../src/sdk/recorders.ts';

export interface Item {
  version: number;
  value: string;
}

export class ItemOrigin {
  private readonly versions: Uint32Array;
  /** Loads served: one per read that missed both levels. */
  loads = 0;

  constructor(
    keys: number,
    private readonly counted: Counter,
  ) {
    this.versions = new Uint32Array(keys + 1).fill(1);
  }

  load(id: number): Item {
    this.loads++;
    this.counted.inc();
    return itemOf(id, this.version(id));
  }

  /** A new version of the item, as the writer commits it. */
  write(id: number): Item {
    const version = this.version(id) + 1;
    this.versions[id] = version;
    return itemOf(id, version);
  }

  version(id: number): number {
    const v = this.versions[id];
    if (v === undefined || id < 1) throw new Error(`item ${id} is not in the origin`);
    return v;
  }
}

function itemOf(id: number, version: number): Item {
  return { version, value: `item ${id}, version ${version}` };
}

/** How an item is stored in Redis: its version first, so a reader can judge it without parsing. */
export function encodeItem(item: Item): string {
  return `${item.version}|${item.value}`;
}

export function decodeItem(raw: string): Item {
  const bar = raw.indexOf('|');
  return { version: Number(raw.slice(0, bar)), value: raw.slice(bar + 1) };
}
