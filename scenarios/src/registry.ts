// Adding a scenario means adding its folder and one line here.
import type { AnyScenario } from './sdk/contract.ts';
import cacheAside from '../cache-aside/scenario.ts';
import fanout from '../fanout/scenario.ts';
import consumerGroupLag from '../consumer-group-lag/scenario.ts';
import rateLimiting from '../rate-limiting/scenario.ts';
import helloQueue from '../hello-queue/scenario.ts';
import uniqueVisitors from '../unique-visitors/scenario.ts';
import cacheStampede from '../cache-stampede/scenario.ts';
import transactions from '../transactions/scenario.ts';
import sessions from '../sessions/scenario.ts';
import eviction from '../eviction/scenario.ts';
import leaderboard from '../leaderboard/scenario.ts';
import distributedLock from '../distributed-lock/scenario.ts';
import pubsubVsStreams from '../pubsub-vs-streams/scenario.ts';
import persistence from '../persistence/scenario.ts';
import accessControl from '../access-control/scenario.ts';
import dataStructures from '../data-structures/scenario.ts';
import publisherConfirms from '../publisher-confirms/scenario.ts';
import vhostsPermissions from '../vhosts-permissions/scenario.ts';
import rpc from '../rpc/scenario.ts';
import routing from '../routing/scenario.ts';
import queueTypes from '../queue-types/scenario.ts';
import workQueue from '../work-queue/scenario.ts';
import acksRedelivery from '../acks-redelivery/scenario.ts';
import priorityQueue from '../priority-queue/scenario.ts';
import backpressure from '../backpressure/scenario.ts';
import deadLetter from '../dead-letter/scenario.ts';
import eventSourcing from '../event-sourcing/scenario.ts';
import rebalancing from '../rebalancing/scenario.ts';
import retention from '../retention/scenario.ts';
import compaction from '../compaction/scenario.ts';
import logAggregation from '../log-aggregation/scenario.ts';
import deliverySemantics from '../delivery-semantics/scenario.ts';
import partitionsOrdering from '../partitions-ordering/scenario.ts';
import kafkaAccessControl from '../kafka-access-control/scenario.ts';
import networkFaults from '../network-faults/scenario.ts';
import kafkaReplication from '../kafka-replication/scenario.ts';
import redisFailover from '../redis-failover/scenario.ts';
import redisCluster from '../redis-cluster/scenario.ts';
import rabbitmqQuorum from '../rabbitmq-quorum/scenario.ts';
import httpCaching from '../http-caching/scenario.ts';
import reverseProxyCache from '../reverse-proxy-cache/scenario.ts';
import cdnTiers from '../cdn-tiers/scenario.ts';
import circuitBreaker from '../circuit-breaker/scenario.ts';
import serverSideCache from '../server-side-cache/scenario.ts';
import nearCache from '../near-cache/scenario.ts';
import apiGateway from '../api-gateway/scenario.ts';
import serviceDiscovery from '../service-discovery/scenario.ts';
import serviceAuth from '../service-auth/scenario.ts';
import eventDrivenOrder from '../event-driven-order/scenario.ts';
import logAndMetrics from '../log-and-metrics/scenario.ts';

export const scenarios: readonly AnyScenario[] = [
  cacheAside,
  rateLimiting,
  helloQueue,
  fanout,
  consumerGroupLag,
  uniqueVisitors,
  cacheStampede,
  transactions,
  sessions,
  eviction,
  leaderboard,
  distributedLock,
  pubsubVsStreams,
  persistence,
  accessControl,
  dataStructures,
  publisherConfirms,
  vhostsPermissions,
  rpc,
  routing,
  queueTypes,
  workQueue,
  acksRedelivery,
  priorityQueue,
  backpressure,
  deadLetter,
  eventSourcing,
  rebalancing,
  retention,
  compaction,
  logAggregation,
  deliverySemantics,
  partitionsOrdering,
  kafkaAccessControl,
  networkFaults,
  kafkaReplication,
  redisFailover,
  redisCluster,
  rabbitmqQuorum,
  httpCaching,
  reverseProxyCache,
  cdnTiers,
  circuitBreaker,
  serverSideCache,
  nearCache,
  apiGateway,
  serviceDiscovery,
  serviceAuth,
  eventDrivenOrder,
  logAndMetrics,
];

export function findScenario(id: string): AnyScenario | undefined {
  return scenarios.find((s) => s.id === id);
}
