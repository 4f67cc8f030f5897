// Logging the shop's seeded users in at auth-service, as every shop scenario's clients start.
// Imported by path (like a kit), so a scenario without the shop never loads undici for it.
import { request } from 'undici';
import type { Dispatcher } from 'undici';

export interface ShopSession {
  userId: string;
  /** The user JWT auth-service signed, for `authorization: Bearer …` at the gateway. */
  token: string;
}

/** The seeded users' ids, `u1` … `u<count>` (auth-service knows each with password `pw-<id>`). */
export function seededUsers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `u${i + 1}`);
}

/** Logs each user in, in order; a refusal throws (a failure of the run, not of a check). */
export async function logInShoppers(
  authUrl: string,
  users: readonly string[],
  options: { dispatcher?: Dispatcher; timeoutMs?: number } = {},
): Promise<ShopSession[]> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return Promise.all(
    users.map(async (userId) => {
      const res = await request(new URL('/login', authUrl), {
        method: 'POST',
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: userId, password: `pw-${userId}` }),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = (await res.body.json().catch(() => ({}))) as { token?: unknown };
      if (res.statusCode !== 200 || typeof body.token !== 'string') {
        throw new Error(`auth-service refused ${userId}'s login (${res.statusCode})`);
      }
      return { userId, token: body.token };
    }),
  );
}
