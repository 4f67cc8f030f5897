// analytics-service: consumes the activity topic (product views, orders) and counts it.
import { text } from '../lib/config.ts';
import { kafkaClient } from '../lib/kafka.ts';
import { createService, runMain } from '../lib/service.ts';
import { startAnalytics } from './consumer.ts';

runMain(async () => {
  const service = createService();
  const stats = await startAnalytics(
    service,
    kafkaClient(service.config.kafkaBrokers, service.config.instance),
    {
      topic: text('SHOP_ACTIVITY_TOPIC'),
      group: text('SHOP_ANALYTICS_GROUP'),
    },
  );
  service.app.get('/stats', async () => stats());
  await service.start();
});
