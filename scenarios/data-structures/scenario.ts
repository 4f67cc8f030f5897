// Data structures: the same objects as JSON strings, as hashes and as fields of bucketed hashes
// on a private Redis; what each costs in memory, which encoding Redis picks, and how reads and
// partial updates compare.
import { defineScenario } from '../src/sdk/contract.ts';
import { readLesson } from '../src/sdk/lesson.ts';
import { dataStructuresChecks } from './checks.ts';
import { dataStructuresCharts, dataStructuresMetrics } from './metrics.ts';
import { dataStructuresParams } from './params.ts';
import { runDataStructures } from './run.ts';
import { dataStructuresTopology } from './topology.ts';

export default defineScenario({
  id: 'data-structures',
  title: 'Data structures: JSON strings, hashes and bucketed hashes',
  summary:
    'The same objects stored three ways on a private Redis: memory by MEMORY USAGE and INFO, listpack against hashtable as sizes cross the thresholds, and the latency of reads and one-field updates.',
  brokers: ['redis'],
  requires: ['redis-server'],
  tags: ['redis', 'memory', 'encoding', 'listpack', 'hash', 'modelling'],
  level: 'intermediate',
  watch:
    'Three layouts of the same objects: memory per layout, and the jump when a hash leaves listpack',
  minutes: 10,
  params: dataStructuresParams,
  charts: dataStructuresCharts,
  metrics: dataStructuresMetrics,
  lesson: readLesson(import.meta.url),
  topology: dataStructuresTopology,
  run: runDataStructures,
  checks: dataStructuresChecks,
});
