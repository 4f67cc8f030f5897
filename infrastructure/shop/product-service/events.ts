// Where product-service's events go: the notifications work queue on RabbitMQ (persistent, with
// publisher confirms) and the activity topic on Kafka. The instrumentations put `traceparent`
// in the message and record headers, so consumers continue the publisher's trace.
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Producer } from 'kafkajs';
import { declareNotifications } from '../lib/amqp.ts';
import type { NotificationQueues } from '../lib/amqp.ts';
import type { Kafka } from '../lib/kafka.ts';
import type { Service } from '../lib/service.ts';

export interface ShopEvent {
  type: 'product-viewed' | 'order-placed';
  [field: string]: unknown;
}

export class EventPublisher {
  private readonly published;
  private readonly failed;

  private constructor(
    service: Service,
    private readonly channel: ConfirmChannel,
    private readonly producer: Producer,
    private readonly queues: NotificationQueues,
    private readonly topic: string,
  ) {
    this.published = service.metrics.counter('shop_events_published_total', 'Events published', [
      'transport',
      'type',
    ]);
    this.failed = service.metrics.counter(
      'shop_events_publish_failed_total',
      'Events not published',
      ['transport'],
    );
  }

  static async start(
    service: Service,
    amqp: ChannelModel,
    kafka: Kafka,
    options: { queues: NotificationQueues; topic: string },
  ): Promise<EventPublisher> {
    const channel = await amqp.createConfirmChannel();
    await declareNotifications(channel, options.queues);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    service.onClose(() => producer.disconnect());
    return new EventPublisher(service, channel, producer, options.queues, options.topic);
  }

  /** To the notifications queue; resolves once RabbitMQ confirms it. */
  async toQueue(event: ShopEvent): Promise<void> {
    try {
      await new Promise<void>((done, fail) => {
        this.channel.sendToQueue(
          this.queues.queue,
          Buffer.from(JSON.stringify(event)),
          { persistent: true, contentType: 'application/json', type: event.type },
          (error) =>
            error ? fail(error instanceof Error ? error : new Error(String(error))) : done(),
        );
      });
      this.published.inc({ transport: 'rabbitmq', type: event.type });
    } catch (error) {
      this.failed.inc({ transport: 'rabbitmq' });
      throw error;
    }
  }

  /** To the activity topic; resolves once every in-sync replica has it (acks all). */
  async toTopic(key: string, event: ShopEvent): Promise<void> {
    try {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: [{ key, value: JSON.stringify(event), headers: { type: event.type } }],
      });
      this.published.inc({ transport: 'kafka', type: event.type });
    } catch (error) {
      this.failed.inc({ transport: 'kafka' });
      throw error;
    }
  }
}
