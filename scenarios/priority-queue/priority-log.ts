// The priority of every message published, one byte each, so the final phase can count per
// priority what RabbitMQ confirmed.
export class PriorityLog {
  private bytes = new Uint8Array(1 << 12);
  length = 0;

  push(priority: number): void {
    if (this.length >= this.bytes.length) {
      const next = new Uint8Array(this.bytes.length * 2);
      next.set(this.bytes);
      this.bytes = next;
    }
    this.bytes[this.length++] = priority;
  }

  at(seq: number): number | undefined {
    return seq < this.length ? this.bytes[seq] : undefined;
  }

  /** How many of the sequence numbers `keep` accepts carry each priority. */
  countBy(levels: number, keep: (seq: number) => boolean): number[] {
    const counts = new Array<number>(levels).fill(0);
    for (let seq = 0; seq < this.length; seq++) {
      const p = this.bytes[seq] ?? 0;
      if (keep(seq) && p < levels) counts[p] = (counts[p] ?? 0) + 1;
    }
    return counts;
  }
}
