// The attacker's tokens: ES256 JWTs shaped exactly like auth-service's service tokens (issuer,
// subject, audience, lifetime, and the `kid` of auth-service's current key, read from a real
// token) but signed with a key pair auth-service never issued. Only the signature gives them
// away, so the target must check it; a forger that used an unknown kid would be caught by the
// key lookup alone.
import { SignJWT, generateKeyPair } from 'jose';
import type { CryptoKey } from 'jose';

export interface ForgedClaims {
  /** The calling service the token claims to be. */
  subject: string;
  audience: string;
  /** The kid to put in the header: auth-service's current one. */
  kid: string;
  /** Seconds from now until `exp`. */
  lifetimeSec: number;
}

export class Forger {
  private constructor(private readonly privateKey: CryptoKey) {}

  static async create(): Promise<Forger> {
    const { privateKey } = await generateKeyPair('ES256');
    return new Forger(privateKey);
  }

  async sign(claims: ForgedClaims): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: claims.kid, typ: 'JWT' })
      .setIssuer('auth-service')
      .setSubject(claims.subject)
      .setAudience(claims.audience)
      .setIssuedAt()
      .setExpirationTime(`${claims.lifetimeSec}s`)
      .sign(this.privateKey);
  }
}
