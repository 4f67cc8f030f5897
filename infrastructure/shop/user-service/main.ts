// user-service: the seeded users over HTTP (service token required) and over RabbitMQ RPC.
import { connectAmqp } from '../lib/amqp.ts';
import { integer, text } from '../lib/config.ts';
import { createService, runMain } from '../lib/service.ts';
import { userRoutes } from './routes/users.ts';
import { startUserRpc } from './rpc-server.ts';

runMain(async () => {
  const service = createService();
  const users = integer('SHOP_USERS', 100, { min: 1, max: 1_000_000 });
  const amqp = await connectAmqp(service.config.amqpUrl, service.config.instance);
  service.onClose(() => amqp.close());
  await service.app.register(userRoutes, { service, users });
  await startUserRpc(service, amqp, { queue: text('SHOP_USER_RPC_QUEUE'), users });
  await service.start();
});
