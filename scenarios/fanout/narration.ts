// The sentences a learner reads in the event log, with the arithmetic that explains the charts.

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Subscriber 1's capacity against what arrives in its queue. */
export function slowSubscriberStory(messagesPerSec: number, delayMs: number): string {
  if (delayMs <= 0) {
    return `subscriber 1 now acks at once, like the others: every queue is drained as fast as ${messagesPerSec} msg/s arrive`;
  }
  const capacity = 1000 / delayMs;
  const head = `subscriber 1 takes ${delayMs} ms per message: 1000 / ${delayMs} = ${fmt(capacity)} msg/s`;
  if (capacity < messagesPerSec) {
    return `${head} < ${messagesPerSec} msg/s arriving, so queue 1 grows by ${fmt(messagesPerSec - capacity)} msg/s`;
  }
  return `${head} ≥ ${messagesPerSec} msg/s arriving, so queue 1 keeps up (a backlog shrinks by ${fmt(capacity - messagesPerSec)} msg/s)`;
}

export function rateStory(messagesPerSec: number, subscribers: number): string {
  if (messagesPerSec === 0) return 'publisher paused (0 msg/s)';
  if (subscribers === 1) return `publisher at ${messagesPerSec} msg/s into the one queue`;
  return `publisher at ${messagesPerSec} msg/s: each of the ${subscribers} queues gets a copy, ${subscribers} × ${messagesPerSec} = ${subscribers * messagesPerSec} deliveries/s in total`;
}

/** The publisher's rate and, when it matters, subscriber 1's pace: one line, as the log is rate-limited. */
export function loadStory(
  messagesPerSec: number,
  subscribers: number,
  delayMs: number,
  withSlow: boolean,
): string {
  const rate = rateStory(messagesPerSec, subscribers);
  return withSlow ? `${rate}; ${slowSubscriberStory(messagesPerSec, delayMs)}` : rate;
}

/**
 * Reports the deepest queue's backlog once per order of magnitude (100, 1000, …) as it grows, and
 * once when the queues are back to empty, so the log explains the depth chart without flooding it.
 */
export class BacklogNarrator {
  private nextThreshold = 100;

  constructor(private readonly say: (message: string) => void) {}

  observe(depths: readonly number[]): void {
    const first = depths[0] ?? 0;
    const othersMax = Math.max(0, ...depths.slice(1));
    const deepest = Math.max(first, othersMax);
    if (deepest >= this.nextThreshold) {
      while (deepest >= this.nextThreshold) this.nextThreshold *= 10;
      // Queue 1 alone is deep when only its subscriber is slow; several are deep when the broker
      // or the subscribers' process cannot keep up with the total.
      this.say(
        first === deepest && othersMax < deepest / 4
          ? `queue 1 holds ${first} ready messages while the others hold at most ${othersMax}: the exchange copies to every queue whatever its consumer's speed`
          : `queues hold up to ${deepest} ready messages: the broker and subscribers are not keeping up with the copies it must deliver`,
      );
    } else if (this.nextThreshold > 100 && deepest === 0) {
      this.nextThreshold = 100;
      this.say('every queue is empty again: the subscribers caught up');
    }
  }
}
