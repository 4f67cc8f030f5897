// Each run gets connections of its own: a scenario's blocking calls or a broker failure in one
// run never stall another, and closing them all is how a run's end is made certain.
import { Redis } from 'ioredis';
import amqp from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { connect } from 'node:net';
import type { BrokerClients, BrokerName } from '../sdk/index.ts';
import type { BrokerAddresses } from './addresses.ts';
import type { RunFaults } from './faults.ts';

/** host:port of a redis:// or amqp:// URL (default ports filled). */
function hostPort(url: URL, defaultPort: number): string {
  return `${url.hostname.replace(/^\[|\]$/g, '')}:${url.port || defaultPort}`;
}

/** The same URL, pointing at the link's proxy. */
function throughLink(url: URL, port: number): string {
  const via = new URL(url.href);
  via.hostname = '127.0.0.1';
  via.port = String(port);
  return via.href;
}

type Closable = { disconnect(): Promise<void> | void };

export class RunBrokerClients implements BrokerClients {
  private readonly redisClients: Redis[] = [];
  private mainRedis: Promise<Redis> | undefined;
  private readonly amqpConnections: ChannelModel[] = [];
  private readonly kafkaClients: Closable[] = [];
  private kafkaInstance: Kafka | undefined;
  /** The first connection-level failure of any client; the run fails with it. */
  onFailure: ((error: Error) => void) | undefined;

  private redisUrl: string;
  private amqpUrl: string;

  constructor(
    private readonly addresses: BrokerAddresses,
    private readonly clientId: string,
    private readonly faults?: RunFaults,
  ) {
    this.redisUrl = addresses.redisUrl;
    this.amqpUrl = addresses.amqpUrl;
  }

  /**
   * Puts a fault proxy of the run's own (link 'redis', 'rabbitmq', 'kafka') between its clients
   * and each broker it uses, so toxics from the panel or the script reach every connection.
   * Kafka's clients dial each broker through its link by their socket factory; a broker the
   * cluster advertises that is not in KAFKA_BROKERS is dialled directly.
   */
  async openLinks(brokers: readonly BrokerName[]): Promise<void> {
    const faults = this.faults;
    if (!faults || process.env.FAULT_PROXY === 'off') return;
    if (brokers.includes('redis')) {
      const url = new URL(this.addresses.redisUrl);
      const link = await faults.link('redis', hostPort(url, 6379));
      this.redisUrl = throughLink(url, link.port);
    }
    if (brokers.includes('rabbitmq')) {
      const url = new URL(this.addresses.amqpUrl);
      const link = await faults.link('rabbitmq', hostPort(url, 5672));
      this.amqpUrl = throughLink(url, link.port);
    }
    if (brokers.includes('kafka')) {
      const many = this.addresses.kafkaBrokers.length > 1;
      for (const [i, broker] of this.addresses.kafkaBrokers.entries()) {
        await faults.link(many ? `kafka-${i + 1}` : 'kafka', broker);
      }
    }
  }

  redis(): Promise<Redis> {
    this.mainRedis ??= this.newRedis();
    return this.mainRedis;
  }

  async newRedis(): Promise<Redis> {
    const client = new Redis(this.redisUrl, {
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
    const connection = await amqp.connect(this.amqpUrl, {
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
        socketFactory: ({ host, port, onConnect }) => {
          const via = this.faults?.portFor(`${host}:${port}`);
          return via === undefined
            ? connect({ host, port }, onConnect)
            : connect({ host: '127.0.0.1', port: via }, onConnect);
        },
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
