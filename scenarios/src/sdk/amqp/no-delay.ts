// A consumer that sends two small frames in a row (an RPC server's reply, then its ack) waits
// for Nagle's algorithm to meet the broker's delayed ACK: about 40 ms per message under
// prefetch 1, which caps such a consumer near 25 msg/s. amqplib sets TCP_NODELAY only when
// asked at connect, and a run's connections come from the engine, so this sets it afterwards.
import { Socket } from 'node:net';
import type { ChannelModel } from 'amqplib';

/** Turns Nagle's algorithm off on the connection's socket; false if there is no TCP socket. */
export function setNoDelay(connection: ChannelModel): boolean {
  // amqplib keeps the socket it connected as `connection.stream` (a net.Socket is a Duplex,
  // which it uses as is); the typings do not declare it.
  const stream: unknown = (connection.connection as unknown as { stream?: unknown }).stream;
  if (!(stream instanceof Socket)) return false;
  stream.setNoDelay(true);
  return true;
}
