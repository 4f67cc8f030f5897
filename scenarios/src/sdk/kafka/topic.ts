import type { Admin } from 'kafkajs';
import { withRetries } from './retry.ts';

/**
 * Creates a topic and returns once every partition answers an offsets request: leaders are
 * elected when createTopics returns, but a partition may refuse requests for a few milliseconds
 * more. Register the topic with ctx.resources before calling, so cleanup finds it even when
 * this fails halfway.
 */
export async function createTopic(
  admin: Admin,
  topic: string,
  partitions: number,
  configEntries: { name: string; value: string }[] = [],
): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: partitions, configEntries }],
  });
  await withRetries(
    async () => {
      const offsets = await admin.fetchTopicOffsets(topic);
      if (offsets.length !== partitions) {
        throw new Error(`${topic} answers for ${offsets.length} of ${partitions} partitions`);
      }
    },
    { tries: 10, delayMs: 100 },
  );
}
