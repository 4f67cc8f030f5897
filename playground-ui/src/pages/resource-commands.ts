// The commands that show a run's resources in each broker's own tools, so a learner can check
// that what the page says is what the broker says. Only the brokers the run's scenario uses get
// a command: a Redis key scan for a Kafka run would list nothing and mislead.
import type { BrokerName, RunResources } from '../api/types';

export interface ResourceCommand {
  broker: BrokerName;
  what: string;
  command: string;
}

function hostPort(address: string | undefined, fallback: string): [string, string] {
  const [host = '127.0.0.1', port = fallback] = (address ?? `127.0.0.1:${fallback}`).split(':');
  return [host, port];
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function resourceCommands(
  resources: RunResources,
  addresses: { redis: string | undefined; rabbitmq: string | undefined; kafka: string | undefined },
  brokers: readonly BrokerName[],
): ResourceCommand[] {
  const out: ResourceCommand[] = [];
  if (brokers.includes('redis')) {
    const [host, port] = hostPort(addresses.redis, '6379');
    out.push({
      broker: 'redis',
      what: `Redis keys under ${resources.redisKeyPrefix}`,
      command: `redis-cli -h ${host} -p ${port} --scan --pattern ${quote(`${resources.redisKeyPrefix}*`)}`,
    });
  }
  if (brokers.includes('rabbitmq') && resources.queues.length > 0) {
    out.push({
      broker: 'rabbitmq',
      what: `RabbitMQ queues (${resources.queues.length}): ready, unacknowledged, consumers`,
      command: `rabbitmqctl list_queues name messages_ready messages_unacknowledged consumers | grep -F ${quote(resources.redisKeyPrefix)}`,
    });
    out.push({
      broker: 'rabbitmq',
      what: 'The same through the management API (rabbitmqadmin)',
      command: `rabbitmqadmin list queues name messages_ready messages_unacknowledged consumers | grep -F ${quote(resources.redisKeyPrefix)}`,
    });
  }
  if (brokers.includes('rabbitmq') && resources.exchanges.length > 0) {
    out.push({
      broker: 'rabbitmq',
      what: `RabbitMQ exchanges (${resources.exchanges.length}) and their bindings`,
      command: `rabbitmqctl list_bindings source_name destination_name routing_key | grep -F ${quote(resources.redisKeyPrefix)}`,
    });
  }
  if (brokers.includes('kafka')) {
    const [host, port] = hostPort(addresses.kafka, '9092');
    const bootstrap = `${host}:${port}`;
    for (const topic of resources.topics) {
      out.push({
        broker: 'kafka',
        what: `Kafka topic ${topic}: partitions, leaders, replicas`,
        command: `kafka-topics.sh --bootstrap-server ${bootstrap} --describe --topic ${quote(topic)}`,
      });
    }
    for (const group of resources.groups) {
      const describe = `kafka-consumer-groups.sh --bootstrap-server ${bootstrap} --describe --group ${quote(group)}`;
      out.push({
        broker: 'kafka',
        what: `Kafka consumer group ${group}: committed offset, log-end offset and lag per partition`,
        command: describe,
      });
      out.push({
        broker: 'kafka',
        what: `Its members and which partitions each owns`,
        command: `${describe} --members --verbose`,
      });
    }
  }
  return out;
}
