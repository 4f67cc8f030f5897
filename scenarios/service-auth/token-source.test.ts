import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { Forger } from './forger.ts';
import { TokenSource } from './token-source.ts';

const { privateKey } = await generateKeyPair('ES256');
const sign = (kid: string, expSec: number): Promise<string> =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject('gateway')
    .setAudience('user-service')
    .setExpirationTime(expSec)
    .sign(privateKey);

describe('TokenSource', () => {
  it('counts each change of kid between consecutive tokens, not the first one', async () => {
    const kids = ['k1', 'k1', 'k2', 'k2', 'k2', 'k3', 'k1'];
    let i = 0;
    const source = new TokenSource(() => sign(kids[i++] as string, 2_000_000_000));
    const changes: boolean[] = [];
    for (const _ of kids) changes.push((await source.refresh()).changed);
    expect(changes).toEqual([false, false, true, false, false, true, true]);
    expect(source.kidChanges).toBe(3);
    expect(source.latest?.kid).toBe('k1');
  });

  it('replays the newest token expired a full second ago, never one still valid', async () => {
    const nowMs = 1_000_000_500;
    const exps = [999_995, 999_998, 999_999, 1_000_000, 1_000_003];
    let i = 0;
    const source = new TokenSource(() => sign(`k${i}`, exps[i++] as number));
    for (const _ of exps) await source.refresh();
    // floor(now) = 1_000_000; a second more: exp ≤ 999_999.
    expect(source.newestExpired(nowMs)?.expSec).toBe(999_999);
    expect(new TokenSource(() => sign('k', 0)).newestExpired(nowMs)).toBeUndefined();
  });
});

describe('Forger', () => {
  it('signs with the kid it is given, with a key of its own', async () => {
    const forger = await Forger.create();
    const token = await forger.sign({
      subject: 'gateway',
      audience: 'user-service',
      kid: 'auth-service-1-k3',
      lifetimeSec: 3,
    });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: 'auth-service-1-k3' });
  });
});
