// Carries out one attempt as its user and reports what the broker answered: allowed, refused
// (ACCESS_REFUSED, 403; or NOT_ALLOWED, 530, for a vhost the user has no rights in), or any
// other error, which is not a refusal and is kept apart.
import { once } from 'node:events';
import type { ChannelModel } from 'amqplib';
import type { PrivateRabbitmq } from '../src/sdk/contract.ts';
import { passwordOf } from './tenants.ts';
import type { Attempt } from './tenants.ts';

export type Outcome = { kind: 'allowed' } | { kind: 'refused' | 'error'; reason: string };

const TIMEOUT_MS = 3_000;

function classify(error: unknown): Outcome {
  const e = error as { code?: number; message?: string };
  const reason = e.message ?? String(error);
  // amqplib drops the reply text of a close during the handshake; at connection.open the broker
  // closes only for NOT_ALLOWED (no rights in the vhost, or no such vhost).
  const refused =
    e.code === 403 ||
    /ACCESS_REFUSED|NOT_ALLOWED/.test(reason) ||
    /Expected ConnectionOpenOk; got <ConnectionClose/.test(reason);
  return { kind: refused ? 'refused' : 'error', reason };
}

function within<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, fail) =>
      setTimeout(() => fail(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS),
    ),
  ]);
}

/** One connection per user and vhost, opened on first use and closed by the run. */
export class Logins {
  private readonly open = new Map<string, Promise<ChannelModel>>();

  constructor(private readonly node: PrivateRabbitmq) {}

  connection(user: string, vhost: string): Promise<ChannelModel> {
    const key = `${user}@${vhost}`;
    let conn = this.open.get(key);
    if (conn === undefined) {
      conn = this.node.connect({ username: user, password: passwordOf(user), vhost });
      conn.catch(() => this.open.delete(key));
      this.open.set(key, conn);
    }
    return conn;
  }

  fresh(user: string, vhost: string): Promise<ChannelModel> {
    return this.node.connect({ username: user, password: passwordOf(user), vhost });
  }
}

export async function attempt(logins: Logins, a: Attempt): Promise<Outcome> {
  try {
    if (a.op === 'connect') {
      const conn = await within(logins.fresh(a.user, a.vhost));
      await conn.close().catch(() => undefined);
      return { kind: 'allowed' };
    }
    const conn = await logins.connection(a.user, a.vhost);
    if (a.op === 'publish') return await publish(conn, a);
    const channel = await conn.createChannel();
    // The broker closes the channel on a refusal: the close (with its code) comes as an 'error'
    // event, while the pending call may only learn that the channel closed.
    const closed = once(channel, 'error').then(([e]) => classify(e));
    try {
      if (a.op === 'declare') await within(channel.assertQueue(a.resource, { durable: true }));
      else await within(channel.get(a.resource, { noAck: true }));
      return { kind: 'allowed' };
    } catch (error) {
      const byClose = await Promise.race([
        closed,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 500)),
      ]);
      return byClose ?? classify(error);
    } finally {
      await channel.close().catch(() => undefined);
    }
  } catch (error) {
    return classify(error);
  }
}

async function publish(conn: ChannelModel, a: Attempt): Promise<Outcome> {
  const channel = await conn.createConfirmChannel();
  // A refused publish has no reply of its own: the broker closes the channel with 403.
  const closed = once(channel, 'error').then(([e]) => classify(e));
  const confirmed = new Promise<Outcome>((done) => {
    channel.publish(a.resource, a.routingKey ?? '', Buffer.from('x'), {}, (err: unknown) => {
      done(
        err === null || err === undefined
          ? { kind: 'allowed' }
          : { kind: 'error', reason: 'nacked' },
      );
    });
  });
  try {
    const outcome = await within(Promise.race([closed, confirmed]));
    // A confirm that lost the race to the channel's closing: the close says why.
    if (outcome.kind === 'error') return await within(closed);
    return outcome;
  } finally {
    await channel.close().catch(() => undefined);
  }
}
