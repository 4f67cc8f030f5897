import type { CheckSpec } from '../src/sdk/contract.ts';
import type { ConsumerGroupLagParams } from './params.ts';

export const consumerGroupLagChecks: CheckSpec<ConsumerGroupLagParams>[] = [
  {
    id: 'lag-matches-broker',
    description:
      "The lag shown is Kafka's own: log-end offsets minus the group's committed offsets",
    evaluate(run) {
      const shown = run.summary.lag;
      const broker = run.facts.brokerLag;
      if (shown === undefined || typeof broker !== 'number') {
        return { passed: false, detail: 'the run ended before the broker was asked' };
      }
      return {
        passed: shown === broker,
        detail: `lag gauge ${shown}, broker log end ${String(run.facts.brokerLogEnd)} − committed ${String(run.facts.brokerCommitted)} = ${broker}`,
      };
    },
  },
  {
    id: 'log-holds-what-was-produced',
    description: 'Kafka holds exactly the messages the producer saw acknowledged',
    evaluate(run) {
      const produced = run.summary.produced ?? 0;
      const logEnd = run.facts.brokerLogEnd;
      return {
        passed: logEnd === produced,
        detail: `produced ${produced}, log-end offsets sum to ${String(logEnd)}`,
      };
    },
  },
  {
    id: 'idle-members',
    description:
      'Members beyond the partition count sit idle: idleConsumers = consumers − partitions',
    evaluate(run) {
      const { consumers, partitions } = run.params;
      const idle = run.summary.idleConsumers;
      if (consumers <= partitions) {
        return {
          passed: true,
          detail: `not applicable: ${consumers} consumers ≤ ${partitions} partitions (idle ${String(idle ?? 0)})`,
        };
      }
      return {
        passed: idle === consumers - partitions,
        detail: `${consumers} consumers − ${partitions} partitions = ${consumers - partitions} expected idle, ${String(idle)} seen`,
      };
    },
  },
];
