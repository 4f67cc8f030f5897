// A caller's stream of service tokens from auth-service, fetched anew every 250 ms so that every
// key rotation shows up as a change of `kid` in the very next token. Claims and kid are read from
// the token itself, not from auth-service's answer beside it. Tokens that have since expired are
// kept a while: the attacker replays them.
import { decodeJwt, decodeProtectedHeader } from 'jose';

export interface IssuedToken {
  token: string;
  kid: string;
  /** The `exp` claim, in seconds. */
  expSec: number;
}

/** Enough for several seconds past any token's expiry at 250 ms a fetch. */
const HISTORY = 200;

export function readToken(token: string): IssuedToken {
  const { kid } = decodeProtectedHeader(token);
  const { exp } = decodeJwt(token);
  if (typeof kid !== 'string' || typeof exp !== 'number') {
    throw new Error('auth-service issued a token without kid or exp');
  }
  return { token, kid, expSec: exp };
}

export class TokenSource {
  latest: IssuedToken | undefined;
  /** Times a token carried another kid than the token before it. */
  kidChanges = 0;
  fetched = 0;
  private readonly history: IssuedToken[] = [];

  constructor(private readonly fetchToken: () => Promise<string>) {}

  /** Fetches one token; resolves with it, and whether its kid differs from the previous one's. */
  async refresh(): Promise<{ token: IssuedToken; changed: boolean }> {
    const token = readToken(await this.fetchToken());
    const changed = this.latest !== undefined && this.latest.kid !== token.kid;
    if (changed) this.kidChanges++;
    this.latest = token;
    this.fetched++;
    this.history.push(token);
    if (this.history.length > HISTORY) this.history.shift();
    return { token, changed };
  }

  /**
   * The most recent token that expired at least a second before `nowMs`. jose refuses a token
   * once `exp <= floor(now / 1000)`; a second more leaves no doubt on the verifier's clock. The
   * most recent one, so the key that signed it is surely still published.
   */
  newestExpired(nowMs: number): IssuedToken | undefined {
    const limit = Math.floor(nowMs / 1000) - 1;
    for (let i = this.history.length - 1; i >= 0; i--) {
      const t = this.history[i] as IssuedToken;
      if (t.expSec <= limit) return t;
    }
    return undefined;
  }
}
