// The run: draw visitor ids at the visit rate, write each batch to all three structures at once,
// read them together twice a second for the charts, and at the end read them once more, exactly,
// for the checks.
import type { RunContext } from '../src/sdk/contract.ts';
import { FailureLatch } from '../src/sdk/failure-latch.ts';
import { fmt } from '../src/sdk/narration.ts';
import { poll } from '../src/sdk/poll.ts';
import { visitorKeys } from './keys.ts';
import { bytes, VisitorNarrator } from './narration.ts';
import type { UniqueVisitorsParams } from './params.ts';
import type { Snapshot } from './snapshot.ts';
import { errorPct, readSnapshot } from './snapshot.ts';
import { batchSize, VisitWriter } from './visit-writer.ts';

type Ctx = RunContext<UniqueVisitorsParams>;

const SNAPSHOT_EVERY_MS = 500;

export async function runUniqueVisitors(ctx: Ctx): Promise<void> {
  const redis = await ctx.brokers.redis();
  const keys = visitorKeys(ctx.names);
  const writer = new VisitWriter(redis, keys, ctx.params.idSpacing, ctx.metrics.counter('visits'));
  const record = recorder(ctx);
  const narrator = new VisitorNarrator((m) => ctx.event(m));
  const failure = new FailureLatch();

  ctx.event(
    `Each visit is one of ${fmt(ctx.params.population)} visitor ids, sent to a set (SADD), a HyperLogLog (PFADD) and a bitmap (SETBIT at id × ${ctx.params.idSpacing}) in one MULTI`,
  );
  ctx.onParamsChange((changed) => {
    if (changed.includes('population')) {
      const { population, idSpacing } = ctx.params;
      ctx.event(
        `Now ${fmt(population)} possible visitors: the bitmap needs up to ${bytes(Math.ceil((population * idSpacing) / 8))} for them, the HyperLogLog still 12 KB`,
      );
    }
  });

  const stopPolling = new AbortController();
  const polling = poll(
    async () => {
      const s = await readSnapshot(redis, keys);
      record(s);
      narrator.observe(s);
    },
    SNAPSHOT_EVERY_MS,
    stopPolling.signal,
    { onError: (e) => failure.fail(e) },
  );
  try {
    const pacer = ctx.pacer(() => ctx.params.visitsPerSec);
    while (failure.error === undefined && (await pacer.wait())) {
      writer.add(ctx.random.int(ctx.params.population));
      if (writer.batched >= batchSize(ctx.params.visitsPerSec)) await writer.flush();
    }
    await writer.flush();
  } finally {
    stopPolling.abort();
    await polling;
  }
  failure.check();

  // SAMPLES 0: MEMORY USAGE walks the whole set once, for exact figures at the end.
  const final = await readSnapshot(redis, keys, 0);
  record(final);
  ctx.fact('scard', final.exact);
  ctx.fact('pfcount', final.hll);
  ctx.fact('bitcount', final.bitmap);
  ctx.fact('bytesSet', final.bytes.set);
  ctx.fact('bytesHll', final.bytes.hll);
  ctx.fact('bytesBitmap', final.bytes.bitmap);
  ctx.fact('bitmapLength', final.bitmapLength);
  ctx.fact('clientDistinct', writer.seen.size);
  ctx.fact('clientMaxOffset', writer.maxOffset);
  if (final.exact > 0) {
    ctx.event(
      `At the end: ${fmt(final.exact)} unique visitors in ${bytes(final.bytes.set)} (set), ${fmt(final.hll)} estimated in ${bytes(final.bytes.hll)} (HyperLogLog, ${errorPct(final).toFixed(2)}%), ${fmt(final.bitmap)} in ${bytes(final.bytes.bitmap)} (bitmap)`,
    );
  }
}

function recorder(ctx: Ctx): (s: Snapshot) => void {
  const m = ctx.metrics;
  const gauges = {
    exact: m.gauge('exact'),
    hll: m.gauge('hll'),
    bitmap: m.gauge('bitmap'),
    error: m.gauge('hllErrorPct'),
    set: m.gauge('memory.set'),
    hllBytes: m.gauge('memory.hll'),
    bitmapBytes: m.gauge('memory.bitmap'),
  };
  return (s) => {
    gauges.exact.set(s.exact);
    gauges.hll.set(s.hll);
    gauges.bitmap.set(s.bitmap);
    gauges.error.set(errorPct(s));
    gauges.set.set(s.bytes.set);
    gauges.hllBytes.set(s.bytes.hll);
    gauges.bitmapBytes.set(s.bytes.bitmap);
  };
}
