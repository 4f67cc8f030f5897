// The commands that show a run's resources in each broker's own tools, so a learner can check
// that what the page says is what the broker says.
import type { RunResources } from '../api/types';

export interface ResourceCommand {
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
): ResourceCommand[] {
  const out: ResourceCommand[] = [];
  const [redisHost, redisPort] = hostPort(addresses.redis, '6379');
  out.push({
    what: `Redis keys under ${resources.redisKeyPrefix}`,
    command: `redis-cli -h ${redisHost} -p ${redisPort} --scan --pattern ${quote(`${resources.redisKeyPrefix}*`)}`,
  });
  if (resources.queues.length > 0) {
    out.push({
      what: `RabbitMQ queues (${resources.queues.length}): depth, unacknowledged, consumers`,
      command: `rabbitmqctl list_queues name messages_ready messages_unacknowledged consumers | grep -F ${quote(resources.redisKeyPrefix)}`,
    });
  }
  if (resources.exchanges.length > 0) {
    out.push({
      what: `RabbitMQ exchanges (${resources.exchanges.length}) and their bindings`,
      command: `rabbitmqctl list_bindings source_name destination_name routing_key | grep -F ${quote(resources.redisKeyPrefix)}`,
    });
  }
  const [kafkaHost, kafkaPort] = hostPort(addresses.kafka, '9092');
  const bootstrap = `${kafkaHost}:${kafkaPort}`;
  for (const topic of resources.topics) {
    out.push({
      what: `Kafka topic ${topic}: partitions, leaders, replicas`,
      command: `kafka-topics.sh --bootstrap-server ${bootstrap} --describe --topic ${quote(topic)}`,
    });
  }
  for (const group of resources.groups) {
    out.push({
      what: `Kafka consumer group ${group}: committed offset, log-end offset and lag per partition`,
      command: `kafka-consumer-groups.sh --bootstrap-server ${bootstrap} --describe --group ${quote(group)}`,
    });
  }
  return out;
}
