// The playground's Redis load loop: the bench's RESP driver (raw sockets, pre-encoded
// batches, the SDK pacer unthrottled) recording into the SDK's recorders, with a ticker folding
// the histogram as a run's frame ticker would. `record: false` leaves the recorders and the
// ticker out, to price the metrics pipeline.
import { Counter, Histogram } from '@playground/scenarios/sdk';
import { runRespLoad } from './redis-load/index.ts';

export interface LoadOptions {
  redisUrl: string;
  keyPrefix: string;
  clients: number;
  pipeline: number;
  requests: number;
  record: boolean;
}

export interface LoadResult {
  opsPerSec: number;
  /** Process CPU, user plus system, per 1000 operations, over the load alone. */
  cpuMsPerKOp: number;
}

const TICK_MS = 250; // the run engine's default frame tick

export async function runRedisLoad(options: LoadOptions): Promise<LoadResult> {
  const ops = new Counter();
  const latency = new Histogram();
  const ticker = options.record ? setInterval(() => latency.fold(), TICK_MS) : undefined;
  try {
    const result = await runRespLoad({
      url: options.redisUrl,
      keyPrefix: options.keyPrefix,
      clients: options.clients,
      pipeline: options.pipeline,
      operations: options.requests,
      ...(options.record ? { record: { ops, latency } } : {}),
    });
    if (options.record && ops.total !== result.operations) {
      throw new Error(`recorded ${ops.total} operations, the driver did ${result.operations}`);
    }
    return {
      opsPerSec: Math.round(result.operations / (result.elapsedMs / 1000)),
      cpuMsPerKOp: result.processCpuMs / (result.operations / 1000),
    };
  } finally {
    clearInterval(ticker);
  }
}
