// Each run gets connections of its own: a scenario's blocking calls or a broker failure in one
// run never stall another, and closing them all is how a run's end is made certain.
import { Redis } from 'ioredis';
import amqp from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, Producer } from 'kafkajs';
import type { BrokerClients } from '../sdk/index.ts';
import type { BrokerAddresses } from './addresses.ts';

type Closable = { disconnect(): Promise<void> | void };

export class RunBrokerClients implements BrokerClients {
  private readonly redisClients: Redis[] = [];
  private mainRedis: Promise<Redis> | undefined;
  private readonly amqpConnections: ChannelModel[] = [];
  private readonly kafkaClients: Closable[] = [];
  private kafkaInstance: Kafka | undefined;
  /** The first connection-level failure of any client; the run fails with it. */
  onFailure: ((error: Error) => void) | undefined;

  constructor(
    private readonly addresses: BrokerAddresses,
    private readonly clientId: string,
  ) {}

  redis(): Promise<Redis> {
    this.mainRedis ??= this.newRedis();
    return this.mainRedis;
  }

  async newRedis(): Promise<Redis> {
    const client = new Redis(this.addresses.redisUrl, {
      lazyConnect: true,
      // A run fails fast when Redis goes away rather than queueing commands forever.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times) => (times > 3 ? null : 200 * times),
      connectionName: this.clientId,
    });
    client.on('error', () => {
      /* reported through the failing command */
    });
    this.redisClients.push(client);
    await client.connect();
    return client;
  }

  async amqp(): Promise<ChannelModel> {
    // noDelay: with Nagle's algorithm on, a consumer that sends two small frames in a row (a
    // reply, then its ack) waits about 40 ms for the broker's delayed ACK on each message.
    const connection = await amqp.connect(this.addresses.amqpUrl, {
      clientProperties: { connection_name: this.clientId },
      noDelay: true,
    });
    connection.on('error', (error: Error) => this.onFailure?.(error));
    connection.on('close', (error?: Error) => {
      if (error) this.onFailure?.(error);
    });
    this.amqpConnections.push(connection);
    return connection;
  }

  kafka(): Kafka {
    if (this.kafkaInstance === undefined) {
      const kafka = new Kafka({
        clientId: this.clientId,
        brokers: this.addresses.kafkaBrokers,
        logLevel: logLevel.NOTHING,
        connectionTimeout: 3000,
        retry: { retries: 5, initialRetryTime: 200 },
      });
      // Wrapping the factories lets the run disconnect whatever the scenario forgot.
      const track = <T extends Closable>(client: T): T => {
        this.kafkaClients.push(client);
        return client;
      };
      const producer = kafka.producer.bind(kafka);
      const consumer = kafka.consumer.bind(kafka);
      const admin = kafka.admin.bind(kafka);
      kafka.producer = (config): Producer => track(producer(config));
      kafka.consumer = (config): Consumer => track(consumer(config));
      kafka.admin = (config): Admin => track(admin(config));
      this.kafkaInstance = kafka;
    }
    return this.kafkaInstance;
  }

  async closeAll(): Promise<void> {
    const closing: Promise<unknown>[] = [];
    for (const c of this.kafkaClients.splice(0)) closing.push(Promise.resolve(c.disconnect()));
    for (const c of this.amqpConnections.splice(0)) {
      c.removeAllListeners('close');
      c.removeAllListeners('error');
      c.on('error', () => undefined);
      closing.push(c.close());
    }
    for (const c of this.redisClients.splice(0)) closing.push(c.quit().catch(() => c.disconnect()));
    await Promise.allSettled(closing);
  }
}
