// A closed-loop workload against one broker, through the run's link to it; a toxic on that link
// from faultAtSec to liftAtSec. The clients' latencies and answers are kept per window (before,
// during) for the checks, beside the toxic as the link itself reports it.
import type { RunContext } from '../src/sdk/contract.ts';
import { Throttle } from '../src/sdk/index.ts';
import { factKeys } from './facts.ts';
import { kafkaLinks } from './counting-kafka.ts';
import { KAFKA_SENDERS, kafkaLinkName, runKafkaWorkload } from './kafka-workload.ts';
import type { NetworkFaultsParams } from './params.ts';
import { runRabbitmqWorkload } from './rabbitmq-workload.ts';
import { runRedisWorkload } from './redis-workload.ts';
import { ScriptedToxic, toxicSpecs } from './scripted-toxic.ts';
import { describeToxicParams } from './narration.ts';
import { FaultWindows } from './windows.ts';
import type { WorkloadHooks } from './workload.ts';

// Requests in the first second after the first answer count in no window: connections are
// still opening and the JIT is cold.
const WARMUP_MS = 1000;

export async function runNetworkFaults(ctx: RunContext<NetworkFaultsParams>): Promise<void> {
  const p = ctx.params;
  const latency = ctx.metrics.histogram('latency');
  const answered = ctx.metrics.counter('answered');
  const errors = ctx.metrics.counter('errors');
  const windows = new FaultWindows(WARMUP_MS, {
    before: ctx.metrics.histogram('latencyBefore'),
    fault: ctx.metrics.histogram('latencyFault'),
  });
  const link = p.broker === 'kafka' ? kafkaLinkName(kafkaLinks(ctx.faults.view().links)) : p.broker;
  const toxic = new ScriptedToxic(ctx, link, windows);
  const narrate = new Throttle(1000);

  ctx.phase('warm-up');
  let warmTimer: NodeJS.Timeout | undefined;
  const hooks: WorkloadHooks = {
    ctx,
    onAnswered: (start, end) => {
      if (windows.warmUntil === undefined) {
        warmTimer = setTimeout(() => {
          if (!toxic.applied && !ctx.signal.aborted) ctx.phase('healthy');
        }, WARMUP_MS);
      }
      latency.record(end - start);
      answered.inc();
      windows.observe(start, end);
    },
    onError: (error) => {
      errors.inc();
      if (narrate.allow('error')) {
        const message = error instanceof Error ? error.message : String(error);
        ctx.event(`a request failed: ${message}`, 'warn');
      }
    },
  };
  let stoppedAt: number | undefined;
  ctx.signal.addEventListener(
    'abort',
    () => {
      stoppedAt = performance.now();
      toxic.loadStopped();
    },
    { once: true },
  );

  const workers = p.broker === 'kafka' ? `one sender per producer` : `${p.inFlight} workers`;
  ctx.event(
    `${workers}, each waiting for its reply and ${p.thinkMs} ms before the next request; at ${p.faultAtSec} s the link '${link}' gets ${toxicSpecs(p).map(describeToxicParams).join(' and ')}, lifted at ${p.liftAtSec} s`,
  );
  toxic.schedule();
  try {
    if (p.broker === 'redis') await runRedisWorkload(hooks);
    else if (p.broker === 'rabbitmq') await runRabbitmqWorkload(hooks);
    else {
      await runKafkaWorkload({
        ...hooks,
        retries: {
          plain: ctx.metrics.counter('retries'),
          idempotent: ctx.metrics.counter('idempotentRetries'),
        },
        duplicates: {
          plain: ctx.metrics.gauge('duplicates'),
          idempotent: ctx.metrics.gauge('idempotentDuplicates'),
        },
      });
    }
  } finally {
    clearTimeout(warmTimer);
  }

  const lengths = windows.lengths(stoppedAt ?? performance.now());
  const loops = p.broker === 'kafka' ? 2 : 1;
  ctx.fact(factKeys.faultApplied, toxic.applied);
  const r = toxic.readBack;
  ctx.fact(factKeys.toxicIntact, r.intact);
  if (r.readings > 0) {
    ctx.fact(factKeys.toxicLatencyMin, r.latencyMin);
    ctx.fact(factKeys.toxicLatencyMax, r.latencyMax);
    ctx.fact(factKeys.toxicJitterMax, r.jitterMax);
  }
  ctx.fact(factKeys.beforeMs, Math.round(lengths.beforeMs));
  ctx.fact(factKeys.faultMs, Math.round(lengths.faultMs));
  ctx.fact(factKeys.beforeAnswered, windows.before.completed);
  ctx.fact(factKeys.faultAnswered, windows.fault.completed);
  ctx.fact(factKeys.loops, loops);
  ctx.fact(factKeys.workers, p.broker === 'kafka' ? KAFKA_SENDERS * loops : p.inFlight);
  // kafkajs producers here keep one request in flight (maxInFlightRequests 1); Redis and
  // RabbitMQ pipeline every worker's request on the connection.
  ctx.fact(factKeys.inFlightCap, p.broker === 'kafka' ? 1 : 0);
}
