// Crash injection for the event-driven-order lesson: at a named point of the order path the
// process kills itself (SIGKILL) with a given probability. No handler runs, nothing is flushed,
// the registry key stays until it expires: what a power cut or an OOM kill does mid-request.

export type CrashPoint = 'after-write' | 'relay-after-publish';

export interface CrashInjectorOptions {
  /** Default Math.random. */
  random?: () => number;
  /** Default: SIGKILL to this process. A test passes one that throws. */
  die?: () => void;
  /** Written before dying: the process log then says why it ended. */
  log?: (line: string) => void;
}

export class CrashInjector {
  private readonly random: () => number;
  private readonly die: () => void;
  private readonly log: (line: string) => void;

  constructor(o: CrashInjectorOptions = {}) {
    this.random = o.random ?? Math.random;
    this.die = o.die ?? (() => process.kill(process.pid, 'SIGKILL'));
    this.log = o.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** With probability `rate`, dies at `point` (`what` names the order, for the log). */
  maybeCrash(rate: number, point: CrashPoint, what: string): void {
    if (rate <= 0 || this.random() >= rate) return;
    this.log(`crash injected at ${point} (${what}): SIGKILL`);
    this.die();
  }
}
