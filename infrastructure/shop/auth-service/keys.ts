// auth-service's signing keys: ES256 pairs with a kid. A rotation makes a new current key; the
// old one keeps verifying (it stays in the JWKS) until every token it signed has expired.
import { exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** Set once retired: the JWKS drops it after this. */
  keepUntil?: number;
}

export class KeyRing {
  private keys: SigningKey[] = [];
  private serial = 0;

  private constructor(
    private readonly instance: string,
    /** The longest a token it signs may live. */
    private readonly maxTokenTtlMs: number,
  ) {}

  static async create(instance: string, maxTokenTtlMs: number): Promise<KeyRing> {
    const ring = new KeyRing(instance, maxTokenTtlMs);
    await ring.rotate();
    return ring;
  }

  get current(): SigningKey {
    return this.keys[this.keys.length - 1] as SigningKey;
  }

  /** A new current key; resolves with its kid and the kids still published beside it. */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `${this.instance}-k${++this.serial}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    const previous = this.keys.at(-1);
    if (previous) previous.keepUntil = Date.now() + this.maxTokenTtlMs;
    this.keys.push({ kid, privateKey, publicJwk });
    this.prune();
    return { kid, retired: this.keys.filter((k) => k.kid !== kid).map((k) => k.kid) };
  }

  /** The current key and every retired one whose tokens may still be alive. */
  jwks(): { keys: JWK[] } {
    this.prune();
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  get published(): number {
    return this.keys.length;
  }

  private prune(): void {
    const now = Date.now();
    this.keys = this.keys.filter((k) => k.keepUntil === undefined || k.keepUntil > now);
  }
}
