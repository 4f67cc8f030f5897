// The AMQP kit: what every RabbitMQ scenario needs. Scenarios import it as
// `../src/sdk/amqp/index.ts`; the SDK's own index does not re-export it.
export * from './session.ts';
export * from './close-quietly.ts';
export * from './declare.ts';
export * from './message.ts';
// SeenSet lives in the SDK (Redis scenarios count with it too); the publisher and consumer hand
// theirs out, so the kit re-exports it.
export * from '../seen-set.ts';
export * from './publisher.ts';
export * from './consumer.ts';
export * from './depth-poller.ts';
export * from './stream.ts';
export * from './queue-settled.ts';
