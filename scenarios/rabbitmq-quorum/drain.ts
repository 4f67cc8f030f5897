// The count after the run: a fresh connection reads every message left in a queue, and the ids it
// finds are held against the ids the publisher saw confirmed.
import type { ChannelModel } from 'amqplib';
import { decodeMessage } from '../src/sdk/amqp/index.ts';
import { SeenSet } from '../src/sdk/seen-set.ts';
import { waitFor } from '../src/sdk/poll.ts';

export type Drained =
  | { reachable: true; depth: number; ids: SeenSet; complete: boolean }
  | { reachable: false; reason: string };

/** Consumes the whole queue (no ack: the run's cluster is deleted with it). */
export async function drainQueue(
  connection: ChannelModel,
  queue: string,
  withinMs: number,
): Promise<Drained> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    let depth: number;
    try {
      depth = (await channel.checkQueue(queue)).messageCount;
    } catch (error) {
      // A classic queue whose node is down: 404 "home node … is down or inaccessible".
      return { reachable: false, reason: (error as Error).message };
    }
    const ids = new SeenSet();
    let received = 0;
    await channel.prefetch(1000);
    const { consumerTag } = await channel.consume(
      queue,
      (msg) => {
        if (msg === null) return;
        received++;
        const decoded = decodeMessage(msg.content);
        if (decoded) ids.add(decoded.seq);
      },
      { noAck: true },
    );
    const complete = await waitFor(() => received >= depth, { withinMs, everyMs: 20 });
    await channel.cancel(consumerTag).catch(() => undefined);
    return { reachable: true, depth, ids, complete };
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** Confirmed ids missing from the drain; with `outside`, those confirmed outside [from, to] ms. */
export function missing(
  confirmed: SeenSet,
  drained: SeenSet,
  published: number,
  confirmedAtMs: readonly number[],
  window?: { fromMs: number; toMs: number },
): { lost: number; outside: number } {
  let lost = 0;
  let outside = 0;
  for (let id = 0; id < published; id++) {
    if (!confirmed.has(id) || drained.has(id)) continue;
    lost++;
    const at = confirmedAtMs[id] ?? Number.NaN;
    if (window && !(at >= window.fromMs && at <= window.toMs)) outside++;
  }
  return { lost, outside };
}
