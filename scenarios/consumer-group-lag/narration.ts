/** Reports the lag once per order of magnitude as it grows, and once when it is small again. */
export class LagNarrator {
  private nextThreshold = 100;

  constructor(private readonly say: (message: string) => void) {}

  observe(lag: number): void {
    if (lag >= this.nextThreshold) {
      while (lag >= this.nextThreshold) this.nextThreshold *= 10;
      this.say(
        `lag passed ${lag} messages: that many are written to the log but not yet committed by the group`,
      );
    } else if (this.nextThreshold > 100 && lag < 50) {
      this.nextThreshold = 100;
      this.say(`lag is down to ${lag}: the group has caught up with the log end`);
    }
  }
}
