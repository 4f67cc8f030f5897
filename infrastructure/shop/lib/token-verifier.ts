// Verifies a bearer JWT against auth-service's JWKS (jose's createRemoteJWKSet, auth-service
// found through the registry), for a given audience, and says why a token is refused.
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { RegistryClient } from './registry-client.ts';

export type RefusalReason = 'missing' | 'forged' | 'expired' | 'audience';

export type Verdict =
  | { ok: true; claims: JWTPayload }
  | { ok: false; reason: RefusalReason; detail: string }
  /** auth-service could not be asked for its keys: not the token's fault. */
  | { ok: false; reason: 'unavailable'; detail: string };

export const ISSUER = 'auth-service';

export function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}

export class TokenVerifier {
  private readonly sets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly registry: RegistryClient) {}

  async verify(token: string | undefined, audience: string): Promise<Verdict> {
    if (token === undefined) return { ok: false, reason: 'missing', detail: 'no bearer token' };
    let keys: JWTVerifyGetKey;
    try {
      keys = this.jwks((await this.registry.pick('auth-service')).url);
    } catch (error) {
      return { ok: false, reason: 'unavailable', detail: (error as Error).message };
    }
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: ISSUER, audience });
      return { ok: true, claims: payload };
    } catch (error) {
      return refusal(error);
    }
  }

  private jwks(authUrl: string): JWTVerifyGetKey {
    let set = this.sets.get(authUrl);
    if (set === undefined) {
      // A new kid after a rotation is fetched within a second, not jose's default 30 s.
      set = createRemoteJWKSet(new URL('/.well-known/jwks.json', authUrl), {
        cooldownDuration: 1_000,
        cacheMaxAge: 60_000,
        timeoutDuration: 2_000,
      });
      this.sets.set(authUrl, set);
    }
    return set;
  }
}

function refusal(error: unknown): Verdict {
  const detail = (error as Error).message;
  if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', detail };
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
    return { ok: false, reason: 'audience', detail };
  }
  if (error instanceof errors.JWKSTimeout) return { ok: false, reason: 'unavailable', detail };
  if (error instanceof TypeError || (error as { code?: string }).code === 'ECONNREFUSED') {
    return { ok: false, reason: 'unavailable', detail };
  }
  // A bad signature, a kid auth-service never issued, a malformed token, a wrong issuer.
  return { ok: false, reason: 'forged', detail };
}
