// The JWTs auth-service signs: a user's (audience gateway, with its session id) and a service's
// (audience: the service it will call), both ES256 with the current key's kid.
import { SignJWT } from 'jose';
import { ISSUER } from '../lib/token-verifier.ts';
import type { KeyRing } from './keys.ts';

export async function signToken(
  keys: KeyRing,
  claims: { sub: string; aud: string; sid?: string },
  ttlSec: number,
): Promise<{ token: string; kid: string; expiresAt: number }> {
  const key = keys.current;
  const nowSec = Math.floor(Date.now() / 1000);
  const token = await new SignJWT(claims.sid === undefined ? {} : { sid: claims.sid })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(claims.sub)
    .setAudience(claims.aud)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + ttlSec)
    .sign(key.privateKey);
  return { token, kid: key.kid, expiresAt: (nowSec + ttlSec) * 1000 };
}
