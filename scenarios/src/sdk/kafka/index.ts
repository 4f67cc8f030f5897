// The Kafka kit: what every Kafka scenario needs (paced producer, group members, lag reader),
// kept here so a scenario folder holds only its own idea.
export * from './retry.ts';
export * from './topic.ts';
export * from './payload.ts';
export * from './paced-producer.ts';
export * from './assignment.ts';
export * from './member-pool.ts';
export * from './group-members.ts';
export * from './lag.ts';
export * from './lag-poller.ts';
export * from './rebalance-narrator.ts';
export * from './range-assigner.ts';
export * from './describe-group.ts';
export * from './consumer-protocol-members.ts';
export * from './membership.ts';
export * from './read-topic.ts';
export * from './tally.ts';
export * from './record-sender.ts';
