// Lets the load be held still for a moment: the invalidation mode is switched with nothing in
// flight, so every change and every invalidation belongs to exactly one mode.
import { waitFor } from '../src/sdk/poll.ts';

export class Gate {
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private inFlight = 0;

  /** Waits while the gate is held, then counts the caller in. */
  async enter(): Promise<void> {
    while (this.held !== undefined) await this.held;
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
  }

  /** Holds new operations back and waits (up to `withinMs`) for those in flight to finish. */
  async hold(withinMs: number): Promise<boolean> {
    this.held ??= new Promise<void>((resolve) => (this.release = resolve));
    return waitFor(() => this.inFlight === 0, { withinMs, everyMs: 5 });
  }

  open(): void {
    this.release?.();
    this.held = undefined;
    this.release = undefined;
  }
}
