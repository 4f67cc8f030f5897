// A lab target with its consumers left out, for the tools that only publish (Kafka's
// ProducerPerformance, redis-benchmark): the broker then does the same work for both sides —
// no fetches, no deliveries to a subscriber — and the machine's two cores are not shared with a
// consumer the tool does not have. The producers are the target's own, unchanged.
import type { LabConsumer, Target } from '../target.ts';

const idle: LabConsumer = { start: async () => undefined, close: async () => undefined };

export function producerOnly(target: Target): Target {
  return {
    ...target,
    title: `${target.title} — producers only`,
    plan: (workload) => {
      const plan = target.plan(workload);
      return {
        ...plan,
        mapping: [
          ...plan.mapping,
          'bench:lab: no consumer reads (the broker’s own tool has none); only publishing is measured',
        ],
      };
    },
    openConsumer: async () => idle,
  };
}
