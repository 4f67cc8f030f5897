import type { Admin, Producer } from 'kafkajs';
import type { RunContext } from '../src/sdk/contract.ts';
import {
  FailureLatch,
  Throttle,
  fmt,
  plural,
  poll,
  waitFor,
  withDeadline,
} from '../src/sdk/index.ts';
import {
  PacedProducer,
  createTopic,
  decodePayload,
  newProducer,
  readLag,
  readTopic,
} from '../src/sdk/kafka/index.ts';
import { factKeys } from './facts.ts';
import type { DeliverySemanticsParams } from './params.ts';
import { Processor } from './processor.ts';
import type { CrashReport } from './processor.ts';

const POLL_MS = 250;
// Final phase: last input, the processor finishing it, then two fresh reads of the output.
const PRODUCER_FINISH_MS = 1000;
const DRAIN_MS = 4000;
const READ_MS = 4000;

export async function runDeliverySemantics(
  ctx: RunContext<DeliverySemanticsParams>,
): Promise<void> {
  const { partitions, mode } = ctx.params;
  const failure = new FailureLatch();
  const onError = (error: unknown): void => failure.fail(error);
  const kafka = ctx.brokers.kafka();
  const input = ctx.names.topic('input');
  const output = ctx.names.topic('output');
  const groupId = ctx.names.group('processor');

  const inputCounter = ctx.metrics.counter('input');
  const counters = {
    output: ctx.metrics.counter('output'),
    crashes: ctx.metrics.counter('crashes'),
    skipped: ctx.metrics.counter('skipped'),
    redone: ctx.metrics.counter('redone'),
    aborted: ctx.metrics.counter('aborted'),
  };
  const backlog = ctx.metrics.gauge('backlog');
  const lostGauge = ctx.metrics.gauge('lost');
  const duplicatesGauge = ctx.metrics.gauge('duplicates');
  const narrate = new Throttle(400);

  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let processor: Processor | undefined;
  const polling = new AbortController();
  let poller: Promise<void> = Promise.resolve();

  const onCrash = (r: CrashReport): void => {
    ctx.mark(`crash ${r.crash}`, 'fault');
    if (!narrate.allow('crash')) return;
    const held = `crash ${r.crash}: the processor dies ${fmt(r.handled)} records into a chunk of ${fmt(r.chunk)}`;
    if (r.mode === 'at-most-once') {
      ctx.event(
        `${held}; it had already committed past the whole chunk, so the next instance starts after it: ${plural(r.skipped, 'record')} never processed`,
      );
    } else if (r.mode === 'at-least-once') {
      ctx.event(
        `${held}; it wrote ${plural(r.redone, 'output record')} but never committed them, so the next instance processes them again: duplicates`,
      );
    } else {
      ctx.event(
        `${held}; its transaction, holding ${plural(r.aborted, 'output record')} and the input offsets, is left open; the next instance's producer, with the same transactional id, fences it and Kafka aborts it`,
      );
    }
  };

  try {
    admin = kafka.admin();
    await admin.connect();
    const readAdmin = admin;
    ctx.resources.topic(input);
    ctx.resources.topic(output);
    ctx.resources.group(groupId);
    await createTopic(admin, input, partitions);
    await createTopic(admin, output, partitions);

    processor = new Processor({
      kafka,
      input,
      output,
      groupId,
      transactionalId: ctx.names.topic('processor-tx'),
      mode,
      commitEvery: () => ctx.params.commitEvery,
      crashEvery: () => ctx.params.crashEvery,
      counters,
      onCrash,
      onError,
    });
    await processor.start();
    ctx.event(
      mode === 'at-most-once'
        ? 'at-most-once: per chunk the processor commits the input offsets first, then writes the output'
        : mode === 'at-least-once'
          ? 'at-least-once: per chunk the processor writes the output, then commits the input offsets'
          : 'exactly-once: per chunk the processor writes the output and the input offsets in one transaction, then commits it; readers use read_committed',
    );

    poller = poll(
      async () => {
        backlog.set((await readLag(readAdmin, input, groupId)).backlog);
      },
      POLL_MS,
      polling.signal,
      { onError: () => undefined },
    );

    producer = newProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const paced = new PacedProducer({
      producer,
      topic: input,
      partitions,
      acked: inputCounter,
      onError,
    });
    await paced.run(
      ctx.pacer(() => ctx.params.inputPerSec),
      ctx.signal,
      failure.failed,
    );
    failure.check();

    // Final phase: the crashes stop with the load, so the processor can finish the input.
    processor.stopCrashing();
    await paced.finish(PRODUCER_FINISH_MS);
    failure.check();
    const drained = await waitFor(
      async () => (await readLag(readAdmin, input, groupId)).backlog === 0,
      { withinMs: DRAIN_MS, everyMs: 100 },
    );
    if (!drained) ctx.event('the processor did not finish the input in time', 'warn');
    await processor.stop();
    polling.abort();
    await poller;
    failure.check();

    const final = await readLag(readAdmin, input, groupId);
    backlog.set(final.backlog);
    for (let n = 0; n < partitions; n++) {
      const p = final.partitions[n];
      ctx.fact(factKeys.inputAcked(n), paced.ackedByPartition[n] ?? 0);
      ctx.fact(factKeys.inputLogEnd(n), p?.logEnd ?? 0);
      ctx.fact(factKeys.committed(n), p?.committed ?? -1);
    }

    // The output, read again from offset 0 by new consumers: as a downstream reader sees it
    // (read_committed), and the whole log (read_uncommitted).
    const copies = new Map<number, number>();
    let unknown = 0;
    const [committedRead, rawRead] = await withDeadline(
      Promise.all([
        readTopic({
          kafka,
          admin: readAdmin,
          topic: output,
          groupId: ctx.resources.group(ctx.names.group('verify-committed')),
          withinMs: READ_MS,
          onRecord: ({ message }) => {
            const seq = decodePayload(message.value)?.seq;
            if (seq === undefined) unknown++;
            else copies.set(seq, (copies.get(seq) ?? 0) + 1);
          },
        }),
        readTopic({
          kafka,
          admin: readAdmin,
          topic: output,
          groupId: ctx.resources.group(ctx.names.group('verify-raw')),
          readCommitted: false,
          withinMs: READ_MS,
          onRecord: () => undefined,
        }),
      ]),
      READ_MS + 1500,
      'fresh reads of the output',
    );
    // The input ids are 0 … acknowledged − 1: the paced producer numbers records in order and
    // its sends succeed whole or fail the run.
    const ids = paced.acked;
    let lost = 0;
    let duplicates = 0;
    for (let id = 0; id < ids; id++) {
      const n = copies.get(id) ?? 0;
      if (n === 0) lost++;
      else duplicates += n - 1;
    }
    for (const id of copies.keys()) if (id >= ids) unknown++;
    lostGauge.set(lost);
    duplicatesGauge.set(duplicates);
    ctx.fact('inputIds', ids);
    ctx.fact('outputRecords', committedRead.records);
    ctx.fact('outputDistinct', copies.size);
    ctx.fact('outputComplete', committedRead.complete);
    ctx.fact('rawRecords', rawRead.records);
    ctx.fact('rawComplete', rawRead.complete);
    ctx.fact('lost', lost);
    ctx.fact('duplicates', duplicates);
    ctx.fact('unknownIds', unknown);
    ctx.fact('drained', drained);
    ctx.event(
      `fresh read_committed read of the output: ${plural(committedRead.records, 'record')} for ${plural(ids, 'input id')}: ${fmt(lost)} lost, ${plural(duplicates, 'duplicate')}${mode === 'exactly-once' ? `; the log itself holds ${fmt(rawRead.records)}, ${fmt(rawRead.records - committedRead.records)} of them in aborted transactions` : ''}`,
    );
  } finally {
    polling.abort();
    await poller;
    await processor?.stop();
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
  failure.check();
}
