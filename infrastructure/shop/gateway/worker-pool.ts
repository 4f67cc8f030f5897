// A fixed number of requests the gateway works on at once, the rest waiting in line, like a
// servlet container's thread pool or a proxy's worker connections. It is what turns one slow
// upstream into a slow gateway: requests stuck on the slow service hold every slot, and a request
// for a route that never calls that service waits in the same line. A request that waited
// `queueTimeoutMs` is turned away (503) rather than held forever.
export type Release = () => void;

interface Waiter {
  grant(release: Release): void;
  timer: NodeJS.Timeout;
}

export class WorkerPool {
  private busy = 0;
  private readonly line: Waiter[] = [];

  constructor(
    readonly size: number,
    readonly queueTimeoutMs: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be an integer ≥ 1');
    if (!(queueTimeoutMs >= 0)) throw new RangeError('queueTimeoutMs must be ≥ 0');
  }

  get inFlight(): number {
    return this.busy;
  }

  get queued(): number {
    return this.line.length;
  }

  /** Resolves with the slot's release once one is free, or with undefined after the timeout. */
  acquire(): Promise<Release | undefined> {
    if (this.busy < this.size) {
      this.busy += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: (release) => resolve(release),
        timer: setTimeout(() => {
          const at = this.line.indexOf(waiter);
          if (at >= 0) this.line.splice(at, 1);
          resolve(undefined);
        }, this.queueTimeoutMs),
      };
      this.line.push(waiter);
    });
  }

  /** A release that frees the slot once however often it is called. */
  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.line.shift();
      if (next === undefined) {
        this.busy -= 1;
        return;
      }
      // The slot passes straight to the next in line: busy stays the same.
      clearTimeout(next.timer);
      next.grant(this.releaser());
    };
  }
}
