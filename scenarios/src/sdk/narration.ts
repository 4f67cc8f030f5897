// Helpers for the sentences a learner reads in the event log. Narration says what happened
// with the arithmetic that explains the chart; these keep it readable and rare.

/** 1234567 → "1,234,567"; 12.345 → "12.3". Integers stay whole, fractions get one decimal. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
}

/** "1 message", "3 messages". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

/** Percent with one decimal: pct(1, 3) → "33.3%". */
export function pct(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`;
}

/**
 * Says something once each time a growing quantity passes the next order of magnitude
 * (100, 1,000, 10,000, …), and once when it is back to zero, so a log explains a chart
 * without flooding it.
 */
export class ThresholdNarrator {
  private next: number;

  constructor(
    private readonly first: number,
    private readonly onGrow: (value: number) => void,
    private readonly onZero?: () => void,
  ) {
    this.next = first;
  }

  observe(value: number): void {
    if (value >= this.next) {
      while (value >= this.next) this.next *= 10;
      this.onGrow(value);
    } else if (this.next > this.first && value === 0) {
      this.next = this.first;
      this.onZero?.();
    }
  }
}

/**
 * Lets a message through at most once per `everyMs` per topic: for moments that repeat
 * (a retry, a refusal) where one line says it and the chart shows how often.
 */
export class Throttle {
  private readonly last = new Map<string, number>();

  constructor(private readonly everyMs: number) {}

  allow(topic: string, now = performance.now()): boolean {
    const at = this.last.get(topic);
    if (at !== undefined && now - at < this.everyMs) return false;
    this.last.set(topic, now);
    return true;
  }
}
