// An RPC client over RabbitMQ: requests to a queue, answers on direct reply-to
// (amq.rabbitmq.reply-to) matched by correlation id, each with a timeout.
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel } from 'amqplib';

const REPLY_TO = 'amq.rabbitmq.reply-to';

export class RpcTimeout extends Error {}

export class RpcClient {
  private readonly waiting = new Map<string, (body: unknown) => void>();

  private constructor(
    private readonly channel: Channel,
    private readonly queue: string,
    private readonly timeoutMs: number,
  ) {}

  static async start(
    connection: ChannelModel,
    queue: string,
    timeoutMs: number,
  ): Promise<RpcClient> {
    const channel = await connection.createChannel();
    // Declared as user-service declares it, so a request sent before user-service is up waits.
    await channel.assertQueue(queue, { durable: true });
    const client = new RpcClient(channel, queue, timeoutMs);
    // Direct reply-to: consume the pseudo-queue with no-ack before the first request.
    await channel.consume(
      REPLY_TO,
      (message) => {
        if (message === null) return;
        const id = message.properties.correlationId as string | undefined;
        const resolve = id === undefined ? undefined : client.waiting.get(id);
        if (resolve === undefined) return; // an answer after its timeout
        client.waiting.delete(id as string);
        try {
          resolve(JSON.parse(message.content.toString()));
        } catch {
          resolve(undefined);
        }
      },
      { noAck: true },
    );
    return client;
  }

  call<T>(body: unknown): Promise<T> {
    const correlationId = randomUUID();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(correlationId);
        reject(new RpcTimeout(`no reply within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.set(correlationId, (answer) => {
        clearTimeout(timer);
        resolve(answer as T);
      });
      this.channel.sendToQueue(this.queue, Buffer.from(JSON.stringify(body)), {
        correlationId,
        replyTo: REPLY_TO,
        contentType: 'application/json',
      });
    });
  }
}
