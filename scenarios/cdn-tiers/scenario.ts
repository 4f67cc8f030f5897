// Edge caches at different distances, a shield cache, the origin: each a real nginx (the origin
// excepted). Hit ratio per tier from the clients' headers and each tier's own log, latency by
// where the answer came from, and a new version spreading through the tiers without a purge.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { cdnTiersChecks } from './checks.ts';
import { cdnTiersCharts, cdnTiersMetrics } from './metrics.ts';
import { cdnTiersParams } from './params.ts';
import { runCdnTiers } from './run.ts';
import { cdnTiersTopology } from './topology.ts';

export default defineScenario({
  id: 'cdn-tiers',
  title: 'CDN tiers: edges, a shield, the origin',
  summary:
    'Edge caches at different distances in front of a shield cache in front of the origin, each a private nginx: hit ratio per tier, latency by where the answer came from, and a new version spreading through the tiers as their entries expire.',
  brokers: [],
  requires: ['nginx'],
  tags: ['http', 'caching', 'cdn', 'nginx', 'origin shield', 'purge', 'latency'],
  level: 'intermediate',
  watch:
    'Most answers from the edges, a few from the shield, almost none from the origin; a new version taking seconds to reach every edge',
  minutes: 12,
  durationSec: 15,
  params: cdnTiersParams,
  charts: cdnTiersCharts,
  metrics: cdnTiersMetrics,
  lesson: readLesson(import.meta.url),
  topology: cdnTiersTopology,
  run: runCdnTiers,
  checks: cdnTiersChecks,
});
