// Calls to user-service, each with the token it is given, tallied by what the caller meant to
// send (legitimate, or one kind of bad token) and by what user-service answered: 200, or a 401
// whose body names the reason.
import { Agent, request } from 'undici';
import { REASONS } from './metrics.ts';
import type { BadKind, Reason } from './metrics.ts';

export type CallKind = 'legit' | BadKind;

export type Outcome =
  | { kind: 'answered'; status: 200 }
  | { kind: 'refused'; reason: Reason }
  | { kind: 'other'; status: number; detail: string };

const TIMEOUT_MS = 5_000;

export class CallTally {
  readonly answered = new Map<CallKind, number>();
  readonly refused = new Map<CallKind, Map<Reason, number>>();
  readonly other = new Map<CallKind, number>();

  record(kind: CallKind, outcome: Outcome): void {
    if (outcome.kind === 'answered') bump(this.answered, kind);
    else if (outcome.kind === 'other') bump(this.other, kind);
    else {
      const byReason = this.refused.get(kind) ?? new Map<Reason, number>();
      bump(byReason, outcome.reason);
      this.refused.set(kind, byReason);
    }
  }

  /** Calls of this kind that got an HTTP answer of any kind. */
  answeredAtAll(kind: CallKind): number {
    return (
      (this.answered.get(kind) ?? 0) +
      [...(this.refused.get(kind)?.values() ?? [])].reduce((n, v) => n + v, 0) +
      (this.other.get(kind) ?? 0)
    );
  }

  refusedCount(kind: CallKind): number {
    return [...(this.refused.get(kind)?.values() ?? [])].reduce((n, v) => n + v, 0);
  }
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const isReason = (value: unknown): value is Reason =>
  typeof value === 'string' && (REASONS as readonly string[]).includes(value);

export class UserServiceCaller {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    connections: number,
  ) {
    this.agent = new Agent({
      connections,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      keepAliveTimeout: 10_000,
    });
  }

  /** GET /users/:id with `token`; a transport failure throws. */
  async call(userId: string, token: string | undefined): Promise<Outcome> {
    const res = await request(new URL(`/users/${userId}`, this.baseUrl), {
      dispatcher: this.agent,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    const text = await res.body.text();
    if (res.statusCode === 200) return { kind: 'answered', status: 200 };
    if (res.statusCode === 401) {
      const reason = (JSON.parse(text) as { error?: unknown }).error;
      if (isReason(reason)) return { kind: 'refused', reason };
    }
    return { kind: 'other', status: res.statusCode, detail: text.slice(0, 200) };
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

/** POST /service-token at auth-service, as `caller`, for `audience`; resolves with the JWT. */
export async function fetchServiceToken(
  agent: Agent,
  authUrl: string,
  secret: string,
  caller: string,
  audience: string,
): Promise<string> {
  const res = await request(new URL('/service-token', authUrl), {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', 'x-service-secret': secret },
    body: JSON.stringify({ service: caller, audience }),
  });
  const body = (await res.body.json()) as { token?: unknown };
  if (res.statusCode !== 200 || typeof body.token !== 'string') {
    throw new Error(`auth-service refused a service token (${res.statusCode})`);
  }
  return body.token;
}
