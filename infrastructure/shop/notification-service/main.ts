// notification-service: the notifications work queue (dead letters to the DLQ), with a user
// lookup over RabbitMQ RPC at user-service for each one.
import { connectAmqp, notificationQueues } from '../lib/amqp.ts';
import { integer, text } from '../lib/config.ts';
import { createService, runMain } from '../lib/service.ts';
import { startNotifications } from './consumer.ts';
import { RpcClient } from './rpc-client.ts';

runMain(async () => {
  const service = createService();
  const amqp = await connectAmqp(service.config.amqpUrl, service.config.instance);
  service.onClose(() => amqp.close());
  const rpc = await RpcClient.start(
    amqp,
    text('SHOP_USER_RPC_QUEUE'),
    integer('SHOP_RPC_TIMEOUT_MS', 2_000, { min: 10, max: 60_000 }),
  );
  const stats = await startNotifications(service, amqp, rpc, {
    queues: notificationQueues(),
    prefetch: integer('SHOP_NOTIFY_PREFETCH', 10, { min: 1, max: 1000 }),
    sendDelayMs: integer('SHOP_SEND_DELAY_MS', 5, { min: 0, max: 60_000 }),
  });
  service.app.get('/stats', async () => stats);
  await service.start();
});
