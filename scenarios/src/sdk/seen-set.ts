// One bit per sequence number: a subscriber that has seen 10 million messages costs 1.25 MB, and
// marking a delivery allocates nothing except when the run outgrows the array (it doubles).

export class SeenSet {
  private bits: Uint8Array;
  /** Distinct sequence numbers added. */
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    this.bits = new Uint8Array(Math.max(1, Math.ceil(initialCapacity / 8)));
  }

  /** Marks `seq`; false when it was already marked (a duplicate). */
  add(seq: number): boolean {
    const byte = seq >>> 3;
    if (byte >= this.bits.length) this.grow(byte + 1);
    const mask = 1 << (seq & 7);
    const current = this.bits[byte] ?? 0;
    if ((current & mask) !== 0) return false;
    this.bits[byte] = current | mask;
    this.size++;
    return true;
  }

  has(seq: number): boolean {
    return ((this.bits[seq >>> 3] ?? 0) & (1 << (seq & 7))) !== 0;
  }

  /** How many of `other`'s members are missing here. */
  missingFrom(other: SeenSet): number {
    let missing = 0;
    const mine = this.bits;
    const theirs = other.bits;
    for (let b = 0; b < theirs.length; b++) {
      const absent = (theirs[b] ?? 0) & ~(mine[b] ?? 0);
      if (absent !== 0) missing += popcount8(absent);
    }
    return missing;
  }

  /** The bits up to the last marked one, to send to another thread (`fromBytes` reads them). */
  toBytes(): Uint8Array {
    let end = this.bits.length;
    while (end > 0 && this.bits[end - 1] === 0) end--;
    return this.bits.slice(0, end);
  }

  static fromBytes(bytes: Uint8Array): SeenSet {
    const set = new SeenSet(Math.max(8, bytes.length * 8));
    set.bits.set(bytes);
    for (const b of bytes) set.size += popcount8(b);
    return set;
  }

  /** Marks every member of `other` (a union); returns how many were new here. */
  addAll(other: SeenSet): number {
    const theirs = other.bits;
    if (theirs.length > this.bits.length) this.grow(theirs.length);
    const mine = this.bits;
    let added = 0;
    for (let b = 0; b < theirs.length; b++) {
      const fresh = (theirs[b] ?? 0) & ~(mine[b] ?? 0);
      if (fresh === 0) continue;
      mine[b] = (mine[b] ?? 0) | fresh;
      added += popcount8(fresh);
    }
    this.size += added;
    return added;
  }

  private grow(minBytes: number): void {
    let length = this.bits.length * 2;
    while (length < minBytes) length *= 2;
    const next = new Uint8Array(length);
    next.set(this.bits);
    this.bits = next;
  }
}

function popcount8(v: number): number {
  let n = v & 0xff;
  n = n - ((n >>> 1) & 0x55);
  n = (n & 0x33) + ((n >>> 2) & 0x33);
  return (n + (n >>> 4)) & 0x0f;
}
