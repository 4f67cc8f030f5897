// A run's AMQP connections and channels, tracked so they are all closed however the run ends,
// and so a broker-side failure (a channel closed for a 404, a connection dropped) reaches the
// run instead of vanishing: amqplib reports those as 'error' events outside any await of ours.
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { FailureLatch } from '../failure-latch.ts';
import { closeQuietly } from './close-quietly.ts';

/** Where connections come from: `ctx.brokers` in a run, a plain `amqp.connect` in a test. */
export interface AmqpOpener {
  amqp(): Promise<ChannelModel>;
}

export class AmqpSession {
  private readonly connections: ChannelModel[] = [];
  private readonly channels: Channel[] = [];
  private closing = false;

  constructor(
    private readonly opener: AmqpOpener,
    /** Holds the first error of any tracked connection or channel. */
    readonly failure: FailureLatch = new FailureLatch(),
  ) {}

  /** A new connection. Publishers and consumers belong on separate ones: RabbitMQ's flow
   * control throttles a publishing connection, and consumers sharing it would stall too. */
  async connect(): Promise<ChannelModel> {
    const connection = await this.opener.amqp();
    connection.on('error', this.onError);
    connection.on('close', (error?: Error) => {
      if (error !== undefined) this.onError(error);
    });
    this.connections.push(connection);
    return connection;
  }

  async channel(connection: ChannelModel): Promise<Channel> {
    return this.track(await connection.createChannel());
  }

  async confirmChannel(connection: ChannelModel): Promise<ConfirmChannel> {
    return this.track(await connection.createConfirmChannel());
  }

  /** Adopts a channel opened elsewhere: its errors fail the session, and `close` closes it. */
  track<C extends Channel>(channel: C): C {
    channel.on('error', this.onError);
    this.channels.push(channel);
    return channel;
  }

  /** Closes every channel, then every connection, each within a bounded wait; never throws. */
  async close(): Promise<void> {
    // Closing provokes errors of its own (a channel already closed by the broker); they are
    // the teardown's, not the run's.
    this.closing = true;
    for (const channel of this.channels.splice(0)) await closeQuietly(channel);
    for (const connection of this.connections.splice(0)) await closeQuietly(connection);
  }

  private readonly onError = (error: unknown): void => {
    if (!this.closing) this.failure.fail(error);
  };
}
