// The client's side of flow control: how long, and how often, the broker kept the publishing
// connection blocked, and how many messages the publisher got out while blocked and while not.

export class BlockedClock {
  episodes = 0;
  blocked = false;
  private blockedMs = 0;
  private openMs = 0;
  private publishedBlocked = 0;
  private publishedOpen = 0;
  private since: number | undefined;
  private publishedAtSince = 0;
  private running = false;

  /** Starts the clock, open. */
  start(now: number, published: number): void {
    this.running = true;
    this.since = now;
    this.publishedAtSince = published;
  }

  block(now: number, published: number): void {
    if (this.blocked) return;
    this.close(now, published);
    this.blocked = true;
    this.episodes++;
  }

  /** Returns how long this blocked stretch lasted. */
  unblock(now: number, published: number): number {
    if (!this.blocked) return 0;
    const ms = now - (this.since ?? now);
    this.close(now, published);
    this.blocked = false;
    return ms;
  }

  /** Ends the clock; a stretch still open counts up to now. */
  stop(now: number, published: number): void {
    this.close(now, published);
    this.running = false;
  }

  /** Blocked time so far, the open stretch included. */
  totalMs(now: number): number {
    const open = this.running && this.blocked && this.since !== undefined ? now - this.since : 0;
    return this.blockedMs + open;
  }

  /** Messages published per second while blocked, and while not. */
  rates(): { blocked: number; open: number } {
    const rate = (n: number, ms: number): number => (ms > 0 ? (n * 1000) / ms : 0);
    return {
      blocked: rate(this.publishedBlocked, this.blockedMs),
      open: rate(this.publishedOpen, this.openMs),
    };
  }

  private close(now: number, published: number): void {
    if (!this.running || this.since === undefined) return;
    const ms = now - this.since;
    const n = published - this.publishedAtSince;
    if (this.blocked) {
      this.blockedMs += ms;
      this.publishedBlocked += n;
    } else {
      this.openMs += ms;
      this.publishedOpen += n;
    }
    this.since = now;
    this.publishedAtSince = published;
  }
}
