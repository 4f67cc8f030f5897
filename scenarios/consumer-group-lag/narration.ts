import type { MemberAssignment } from './assignment.ts';
import { describeAssignment } from './assignment.ts';

// Members of one generation report their assignments within milliseconds of each other; waiting
// this long after the last one gives one line per rebalance.
const SETTLE_MS = 300;

/** "consumer-3 joined; rebalance: c1→[0,1] c2→[2] c3→[3]", then the capacity arithmetic. */
export class RebalanceNarrator {
  private causes: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly say: (message: string) => void,
    private readonly assignments: () => MemberAssignment[],
    private readonly capacity: () => string,
  ) {}

  cause(change: string): void {
    this.causes.push(change);
  }

  /** A member reported its assignment; narrate once the generation has settled. */
  joined(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), SETTLE_MS);
  }

  /** Narrates now: for changes no join will follow (the last member left). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const causes = this.causes.splice(0).join(', ');
    const members = this.assignments();
    const picture =
      members.length === 0
        ? 'the group has no members'
        : `rebalance: ${describeAssignment(members)}`;
    this.say(`${causes === '' ? '' : `${causes}; `}${picture}`);
    this.say(this.capacity());
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

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
