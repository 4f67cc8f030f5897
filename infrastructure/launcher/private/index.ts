// Private instances: processes a run starts for itself and that end with it.
export { PrivateProcess, LOG_FILE } from './private-process.ts';
export type { InstancePlace, PrivateProcessKind } from './private-process.ts';
export { RunInstances } from './run-instances.ts';
export { sweepPrivateInstances } from './sweep.ts';
export type { PrivateSweepReport } from './sweep.ts';
export { redisKind, redisConfigFile, REDIS_SERVER_INSTALL } from './redis.ts';
export type { RedisConfigLine } from './redis.ts';
export { PRIVATE_DIR, privateRunDir } from './paths.ts';
export { findBinary } from '../process.ts';
export { LaunchError } from '../errors.ts';
export {
  rabbitmqKind,
  rabbitmqctl,
  rabbitmqNodeConfig,
  rabbitmqNodePlace,
  RABBITMQ_SERVER_INSTALL,
} from './rabbitmq.ts';
export type { RabbitmqNodeOptions, RabbitmqNodePlace } from './rabbitmq.ts';
export { rabbitmqScript } from '../rabbitmq.ts';
export {
  kafkaKind,
  kafkaLogLines,
  kafkaNodePlace,
  kafkaNodeProperties,
  KAFKA_JAVA_INSTALL,
} from './kafka.ts';
export type { KafkaNodeOptions, KafkaNodePlace, ScramUser } from './kafka.ts';
export { findJava } from '../kafka.ts';
export { nodeServiceKind } from './node-service.ts';
export type { NodeServiceOptions } from './node-service.ts';
export { NGINX_INSTALL, NginxProcess, childPids, nginxKind, startNginx } from './nginx.ts';
export { READY_PATH as NGINX_READY_PATH, nginxConfig } from './nginx-config.ts';
export type { NginxIgnorableHeader, NginxSettings, NginxStaleCondition } from './nginx-config.ts';
export { NGINX_CACHE_STATUSES, parseAccessLog } from './nginx-log.ts';
export type { NginxCacheStatus, NginxLogLine } from './nginx-log.ts';
