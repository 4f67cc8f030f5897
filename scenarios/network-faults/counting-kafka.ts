// A kafkajs client whose every connection goes through the run's Kafka link and which counts the
// Produce requests it writes to the wire. kafkajs retries a failed send inside `send()` and has
// no event for it (its `request` event fires only for answered requests), so the count of
// Produce requests written, against the sends that succeeded, is the honest retry count.
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import type { FaultLinkView } from '../src/sdk/contract.ts';

/** Kafka's api key of a Produce request (the int16 after the int32 size of every request). */
const PRODUCE_API_KEY = 0;

/** The Kafka links of the run: 'kafka' for one broker, 'kafka-<n>' for several. */
export function kafkaLinks(links: readonly FaultLinkView[]): FaultLinkView[] {
  return links.filter((l) => l.name === 'kafka' || /^kafka-\d+$/.test(l.name));
}

/**
 * Where to dial a broker Kafka advertises: its link when one stands in front of that address;
 * with a single link, that link (the advertised name may differ from KAFKA_BROKERS', say
 * localhost against 127.0.0.1); else the broker itself.
 */
export function routeThroughLinks(
  links: readonly FaultLinkView[],
): (host: string, port: number) => { host: string; port: number } {
  const portOf = (listen: string): number => Number(listen.slice(listen.lastIndexOf(':') + 1));
  return (host, port) => {
    const link =
      links.find((l) => l.upstream === `${host}:${port}`) ??
      (links.length === 1 ? links[0] : undefined);
    return link === undefined ? { host, port } : { host: '127.0.0.1', port: portOf(link.listen) };
  };
}

/** Counts the Produce requests written on a socket; kafkajs writes each request whole. */
function countProduceWrites(socket: Socket, onProduce: () => void): Socket {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  const counting = (...args: unknown[]): boolean => {
    const chunk = args[0];
    if (Buffer.isBuffer(chunk) && chunk.length >= 6 && chunk.readInt16BE(4) === PRODUCE_API_KEY) {
      onProduce();
    }
    return write(...args);
  };
  socket.write = counting as Socket['write'];
  return socket;
}

export interface CountingKafkaOptions {
  clientId: string;
  /** host:port of each broker, as Kafka advertises them. */
  brokers: string[];
  links: readonly FaultLinkView[];
  onProduce: () => void;
}

export function countingKafka(options: CountingKafkaOptions): Kafka {
  const route = routeThroughLinks(options.links);
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    // Below the finish budget: a request the link holds (the timeout toxic) fails and is retried
    // rather than keeping the run past its end.
    requestTimeout: 4000,
    socketFactory: ({ host, port, onConnect }) => {
      const to = route(host, port);
      return countProduceWrites(
        connect({ host: to.host, port: to.port }, onConnect),
        options.onProduce,
      );
    },
  });
}
