// Names of what a comparison creates on the brokers. Everything sits under the run id
// `lab-<comparisonId>` in the playground's namespace (`pg.lab-<id>.…` on Kafka, where ':' is not
// allowed; `pg:lab-<id>:…` elsewhere), so the server's start-up sweep finds what a crashed
// comparison left; each target has its own names, so one target's leftovers never meet the next.
import { NAMESPACE_ROOT } from '../sdk/names.ts';
import type { BrokerName, RunResources } from '../sdk/spec.ts';
import type { LabNames, TargetId } from './target.ts';
import type { Workload } from './workload.ts';

/** The run id the sweep and the lease know a comparison by. */
export function labRunId(comparisonId: string): string {
  return `lab-${comparisonId}`;
}

/** What a worker needs to rebuild a target's names (functions do not cross threads). */
export interface LabNamesSpec {
  comparisonId: string;
  target: TargetId;
  broker: BrokerName;
}

export function labNames({ comparisonId, target, broker }: LabNamesSpec): LabNames {
  const sep = broker === 'kafka' ? '.' : ':';
  const base = [NAMESPACE_ROOT, labRunId(comparisonId), target].join(sep);
  return {
    runId: labRunId(comparisonId),
    topic: (t) => `${base}${sep}t${t}`,
    subscription: (t, s) => `${base}${sep}t${t}${sep}s${s}`,
  };
}

/**
 * Everything a comparison's targets may create, for the run journal: RabbitMQ cannot list its
 * queues over AMQP, so a crash is cleaned from this record. Deleting a name that was never
 * created is harmless, so every topic and subscription name is listed under every kind.
 */
export function labResources(
  comparisonId: string,
  targets: { id: TargetId; broker: BrokerName }[],
  workload: Workload,
): RunResources {
  const resources: RunResources = {
    redisKeyPrefix: `${NAMESPACE_ROOT}:${labRunId(comparisonId)}:`,
    queues: [],
    exchanges: [],
    topics: [],
    groups: [],
  };
  for (const { id, broker } of targets) {
    const names = labNames({ comparisonId, target: id, broker });
    for (let t = 0; t < workload.topics; t++) {
      const subs = Array.from({ length: workload.subscriptionsPerTopic }, (_, s) =>
        names.subscription(t, s),
      );
      if (broker === 'kafka') {
        resources.topics.push(names.topic(t));
        resources.groups.push(...subs);
      } else if (broker === 'rabbitmq') {
        resources.exchanges.push(names.topic(t));
        resources.queues.push(names.topic(t), ...subs);
      }
    }
  }
  return resources;
}
