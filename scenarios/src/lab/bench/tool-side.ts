// One case's tool side: its destination made (Kafka: a one-partition topic, as the lab's),
// the tool run for about `seconds` (a count-based tool first runs a short pilot to learn its
// rate), its output parsed, and everything it made deleted however it ended. Its names are a
// lab run's (`pg.lab-<benchId>-tool.…`, `pg:lab-<benchId>-tool:…`), under a lease and in the
// run journal, so the server's start-up sweep neither takes them mid-run nor misses a leftover.
import type { BrokerAddresses } from '../../engine/addresses.ts';
import { deleteResources, kafkaAdminClient } from '../../engine/cleanup.ts';
import type { RunJournal } from '../../engine/journal.ts';
import type { RunResources } from '../../sdk/spec.ts';
import { brokerProcesses } from '../broker-processes.ts';
import { guardComparison } from '../lease.ts';
import { labNames, labRunId } from '../names.ts';
import type { ProcessUse } from '../report.ts';
import { perfTestArgs, producerPerformanceArgs, redisBenchmarkArgs } from './cases.ts';
import type { BenchCase, ToolNames } from './cases.ts';
import { PERF_TEST, PRODUCER_PERFORMANCE, javaArgs } from './lab-tools.ts';
import {
  ToolOutputError,
  parsePerfTest,
  parseProducerPerformance,
  parseRedisBenchmarkCsv,
} from './parse.ts';
import { runTool } from './spawn-tool.ts';
import type { ToolRun } from './spawn-tool.ts';
import { shellLine } from './shell-line.ts';

export interface ToolMeasurement {
  tool: string;
  /** The measured run's command line, as a person would type it. */
  command: string;
  /** Published per second (PerfTest: its sending rate). */
  perSec: number;
  /** PerfTest only: its receiving rate. */
  receivedPerSec: number | null;
  /** How long the measured run took, wall clock, with the JVM's start. */
  seconds: number;
  /** The tool's process, then the broker's, averaged over the run. */
  cpu: ProcessUse[];
  latency: string;
}

const PILOT = { kafka: 300_000, redis: 200_000 } as const;
const LIMITS = { min: 100_000, max: 50_000_000 };

export function toolNames(c: BenchCase, benchId: string): ToolNames {
  const names = labNames({ comparisonId: `${benchId}-tool`, target: c.target, broker: c.broker });
  return {
    destination: c.broker === 'rabbitmq' ? names.subscription(0, 0) : names.topic(0),
    exchange: names.topic(0),
  };
}

function toolResources(c: BenchCase, benchId: string, names: ToolNames): RunResources {
  return {
    redisKeyPrefix: `pg:${labRunId(`${benchId}-tool`)}:`,
    queues: c.broker === 'rabbitmq' ? [names.destination] : [],
    exchanges: c.broker === 'rabbitmq' ? [names.exchange] : [],
    topics: c.broker === 'kafka' ? [names.destination] : [],
    groups: [],
  };
}

/** How many records make about `seconds` at the pilot's rate. */
export function countFor(perSec: number, seconds: number): number {
  const n = Math.round(perSec * seconds);
  return Math.min(LIMITS.max, Math.max(LIMITS.min, n));
}

/** The tool's stdout when it ended well; else why not, with the tail of what it printed. */
function output(name: string, run: ToolRun): string {
  const why = run.timedOut
    ? 'did not finish within its deadline'
    : run.code !== 0
      ? `exited with ${run.code ?? 'a signal'}`
      : undefined;
  if (why !== undefined) throw new ToolOutputError(name, why, `${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

export interface ToolSideOptions {
  benchId: string;
  addresses: BrokerAddresses;
  seconds: number;
  classPath: string;
  /** redis-benchmark's connections (one per lab producer); default 1. */
  connections?: number;
  journal?: RunJournal;
  progress: (line: string) => void;
}

export async function runToolSide(c: BenchCase, o: ToolSideOptions): Promise<ToolMeasurement> {
  const names = toolNames(c, o.benchId);
  const resources = toolResources(c, o.benchId, names);
  const guard = await guardComparison(
    labRunId(`${o.benchId}-tool`),
    resources,
    o.addresses,
    o.journal,
    `bench:lab ${c.id} tool`,
  );
  try {
    if (c.broker === 'kafka') await createTopic(o.addresses, names.destination);
    return await measure(c, names, o);
  } finally {
    const report = await deleteResources(resources, o.addresses);
    if (report.errors.length > 0) o.progress(`  cleanup: ${report.errors.join('; ')}`);
    // The journal entry stays when something was not deleted: the sweep retries it.
    await guard.release(report.errors.length === 0);
  }
}

async function measure(
  c: BenchCase,
  names: ToolNames,
  o: ToolSideOptions,
): Promise<ToolMeasurement> {
  const watch = await brokerProcesses(c.broker, o.addresses);
  const deadline = (o.seconds * 3 + 60) * 1000;
  switch (c.tool) {
    case 'producer-performance': {
      const go = async (records: number) => {
        const args = javaArgs(
          o.classPath,
          PRODUCER_PERFORMANCE,
          producerPerformanceArgs(c, names, o.addresses, records),
        );
        const run = await runTool('ProducerPerformance (java)', 'java', args, {
          timeoutMs: deadline,
          watch,
        });
        return { run, args, result: parseProducerPerformance(output('ProducerPerformance', run)) };
      };
      o.progress(`  ProducerPerformance pilot (${PILOT.kafka.toLocaleString('en-US')} records)…`);
      const pilot = (await go(PILOT.kafka)).result;
      const records = countFor(pilot.perSec, o.seconds);
      o.progress(`  ProducerPerformance ${records.toLocaleString('en-US')} records…`);
      const { run, args, result: r } = await go(records);
      return {
        tool: 'ProducerPerformance',
        command: shellLine('java', args),
        perSec: r.perSec,
        receivedPerSec: null,
        seconds: run.seconds,
        cpu: run.cpu,
        latency: `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms (send to ack)`,
      };
    }
    case 'perf-test': {
      const args = javaArgs(o.classPath, PERF_TEST, perfTestArgs(c, names, o.addresses, o.seconds));
      o.progress(`  PerfTest ${o.seconds} s…`);
      const run = await runTool('PerfTest (java)', 'java', args, { timeoutMs: deadline, watch });
      const r = parsePerfTest(output('PerfTest', run));
      return {
        tool: 'PerfTest',
        command: shellLine('java', args),
        perSec: r.sentPerSec,
        receivedPerSec: r.receivedPerSec,
        seconds: run.seconds,
        cpu: run.cpu,
        latency:
          r.consumerLatencyMs === null
            ? '–'
            : `p50 ${r.consumerLatencyMs.p50.toFixed(1)} ms, p99 ${r.consumerLatencyMs.p99.toFixed(1)} ms (publish to delivery)`,
      };
    }
    case 'redis-benchmark': {
      const go = async (requests: number) => {
        const args = redisBenchmarkArgs(c, names, o.addresses, requests, o.connections ?? 1);
        const run = await runTool('redis-benchmark', 'redis-benchmark', args, {
          timeoutMs: deadline,
          watch,
        });
        const [result] = parseRedisBenchmarkCsv(output('redis-benchmark', run));
        if (result === undefined) throw new Error('redis-benchmark printed no result row');
        return { run, args, result };
      };
      o.progress(`  redis-benchmark pilot (${PILOT.redis.toLocaleString('en-US')} requests)…`);
      const pilot = (await go(PILOT.redis)).result;
      const requests = countFor(pilot.perSec, o.seconds);
      o.progress(`  redis-benchmark ${requests.toLocaleString('en-US')} requests…`);
      const { run, args, result: r } = await go(requests);
      return {
        tool: 'redis-benchmark',
        command: shellLine('redis-benchmark', args),
        perSec: r.perSec,
        receivedPerSec: null,
        seconds: run.seconds,
        cpu: run.cpu,
        latency: `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms (per pipelined request)`,
      };
    }
  }
}

async function createTopic(addresses: BrokerAddresses, topic: string): Promise<void> {
  const admin = kafkaAdminClient(addresses).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
    });
  } finally {
    await admin.disconnect();
  }
}
