import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { pubsubVsStreamsChecks } from './checks.ts';
import { pubsubVsStreamsCharts, pubsubVsStreamsMetrics } from './metrics.ts';
import { pubsubVsStreamsParams } from './params.ts';
import { runPubsubVsStreams } from './run.ts';
import { pubsubVsStreamsTopology } from './topology.ts';

export default defineScenario({
  id: 'pubsub-vs-streams',
  title: 'Pub/sub vs streams: fire-and-forget or kept until acknowledged',
  summary:
    'One publisher sends every event to a pub/sub channel and to a stream; the subscriber drops off and loses what was sent meanwhile, a stream consumer crashes and its entries are claimed by another, with nothing lost.',
  brokers: ['redis'],
  tags: ['redis', 'pubsub', 'streams', 'consumer-groups', 'xautoclaim', 'delivery-guarantees'],
  level: 'intermediate',
  params: pubsubVsStreamsParams,
  charts: pubsubVsStreamsCharts,
  metrics: pubsubVsStreamsMetrics,
  lesson: readLesson(import.meta.url),
  topology: pubsubVsStreamsTopology,
  run: runPubsubVsStreams,
  checks: pubsubVsStreamsChecks,
});
