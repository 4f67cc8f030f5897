import type { MemberAssignment } from './assignment.ts';
import { describeAssignment } from './assignment.ts';

// Members of one generation report their assignments within milliseconds of each other; waiting
// this long after the last one gives one line per rebalance.
const SETTLE_MS = 300;

/**
 * "consumer-3 joined; rebalance: c1→[0,1] c2→[2] c3→[3]": one line per generation, naming what
 * caused it, then (optionally) a line of the scenario's own that explains what the new
 * assignment means.
 */
export class RebalanceNarrator {
  private causes: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly say: (message: string) => void,
    private readonly assignments: () => MemberAssignment[],
    private readonly afterwards?: () => string,
  ) {}

  /** A membership change that will lead to a rebalance ("consumer-3 joined"). */
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
    if (this.afterwards !== undefined) this.say(this.afterwards());
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
