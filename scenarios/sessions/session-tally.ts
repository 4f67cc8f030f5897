// The app side's own record of every session: what each user did and when Redis answered. It
// is what the checks hold Redis against: which sessions should exist, which should be gone,
// and how many page views each should have counted.
export type SessionState = 'browsing' | 'left' | 'loggedOut';

export interface Session {
  key: string;
  user: string;
  /** Page views this user made and Redis answered. */
  views: number;
  /** When the latest login or page view that set the TTL was sent and answered (perf ms). */
  sentAt: number;
  answeredAt: number;
  ttlMs: number;
  state: SessionState;
  /** The instance that served the user's previous request. */
  lastInstance: number;
}

// The ended sessions the final check reads back; older ones are only counted.
const KEEP_ENDED = 1000;

export class SessionTally {
  /** Sessions the app believes exist: not logged out, used within their TTL. */
  readonly alive = new Set<Session>();
  readonly ended: Session[] = [];

  add(session: Session): void {
    this.alive.add(session);
  }

  loggedOut(session: Session): void {
    session.state = 'loggedOut';
    if (this.alive.has(session)) this.end(session);
  }

  /** Ends the sessions idle past their TTL by the app's clock; returns how many. */
  sweep(now: number): number {
    let expired = 0;
    for (const s of this.alive) {
      if (now > s.answeredAt + s.ttlMs) {
        expired++;
        this.end(s);
      }
    }
    return expired;
  }

  /** Whether the app expects Redis to still hold `s` at `now`: used within its TTL. */
  static expectedAlive(s: Session, now: number, marginMs: number): boolean {
    return s.state !== 'loggedOut' && now < s.sentAt + s.ttlMs - marginMs;
  }

  /** Whether the app expects Redis to have dropped `s` by `now`. */
  static expectedGone(s: Session, now: number, marginMs: number): boolean {
    return s.state === 'loggedOut' || now > s.answeredAt + s.ttlMs + marginMs;
  }

  private end(s: Session): void {
    this.alive.delete(s);
    this.ended.push(s);
    if (this.ended.length > KEEP_ENDED * 2) this.ended.splice(0, this.ended.length - KEEP_ENDED);
  }
}
