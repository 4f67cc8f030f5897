// A target with no broker that works across worker threads: each topic is a BroadcastChannel,
// which delivers every message to every other channel of that name in the process, whatever its
// thread. The runner's tests use it to exercise the worker path without a broker's noise; it is
// not offered to users (a subscription's consumers would each get every message).
import type { LabConsumer, LabProducer, Target } from './target.ts';

const loopbackTarget: Target = {
  // Tests run it in place of a registered id (RunComparisonOptions.override).
  id: 'redis-pubsub',
  broker: 'redis',
  title: 'loopback (test)',
  plan: () => ({ mapping: ['topic → a BroadcastChannel'], cannot: ['keeps nothing'] }),
  window: () => ({ inFlight: 4, batch: 50 }),
  setup: async () => undefined,
  teardown: async () => undefined,
  openProducer: async (ctx, t): Promise<LabProducer> => {
    const channel = new BroadcastChannel(ctx.names.topic(t));
    return {
      send: async (batch) => {
        for (const m of batch) channel.postMessage(m.payload);
        await new Promise((r) => setImmediate(r));
      },
      close: async () => channel.close(),
    };
  },
  openConsumer: async (ctx, t): Promise<LabConsumer> => {
    const channel = new BroadcastChannel(ctx.names.topic(t));
    return {
      start: async (onMessage) => {
        channel.onmessage = (event) => {
          const data = (event as { data: Uint8Array }).data;
          void onMessage(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        };
      },
      close: async () => channel.close(),
    };
  },
};

export default loopbackTarget;
