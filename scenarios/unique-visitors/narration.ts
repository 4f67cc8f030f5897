// The moments worth a line in the event log: the set leaving its compact encoding, the
// HyperLogLog turning dense (and fixed in size from then on), and each order of magnitude of
// visitors with the three memory figures side by side.
import { fmt, ThresholdNarrator } from '../src/sdk/narration.ts';
import type { Snapshot } from './snapshot.ts';
import { errorPct } from './snapshot.ts';

/** 512 → "512 B", 14392 → "14.1 KB", 2_400_000 → "2.3 MB". */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const signed = (pct: number): string => `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`;

export class VisitorNarrator {
  private setEncoding: string | undefined;
  private hllDense = false;
  private latest: Snapshot | undefined;
  private readonly magnitudes: ThresholdNarrator;

  constructor(private readonly say: (message: string) => void) {
    this.magnitudes = new ThresholdNarrator(1000, () => {
      const s = this.latest;
      if (s === undefined) return;
      this.say(
        `${fmt(s.exact)} unique visitors: the set takes ${bytes(s.bytes.set)} (${Math.round(s.bytes.set / s.exact)} B each), the HyperLogLog ${bytes(s.bytes.hll)} and says ${fmt(s.hll)} (${signed(errorPct(s))}), the bitmap ${bytes(s.bytes.bitmap)}`,
      );
    });
  }

  observe(s: Snapshot): void {
    this.latest = s;
    if (
      s.setEncoding !== undefined &&
      this.setEncoding !== undefined &&
      s.setEncoding !== this.setEncoding
    ) {
      this.say(
        `By ${fmt(s.exact)} visitors the set had left its compact ${this.setEncoding} encoding for a ${s.setEncoding}: now ${bytes(s.bytes.set)}, already more than the HyperLogLog will ever need`,
      );
    }
    this.setEncoding = s.setEncoding ?? this.setEncoding;
    if (s.hllDense && !this.hllDense) {
      this.say(
        `By ${fmt(s.exact)} visitors the HyperLogLog had turned dense (its sparse form is capped at 3,000 bytes): 16,384 registers of 6 bits, ${bytes(s.bytes.hll)} in Redis, and it will not grow however many visitors come`,
      );
    }
    this.hllDense = s.hllDense;
    this.magnitudes.observe(s.exact);
  }
}
