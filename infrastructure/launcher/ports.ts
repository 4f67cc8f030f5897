// Free loopback ports for the processes the project starts, chosen below the kernel's ephemeral
// range. A port from that range (what listen(0) hands out) can be taken while its process is
// down: a client reconnecting to 127.0.0.1:P may be given P as its own source port, and Linux then
// connects the socket to itself (TCP simultaneous open), so the restart on P finds it in use.
// Redis clients retry every few hundred ms, and a killed instance restarts on its port.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 10_000;
const TRIES = 50;

/** The kernel's ephemeral range (Linux); the usual default elsewhere. */
export function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (lo !== undefined && hi !== undefined && lo > 0 && hi >= lo) return [lo, hi];
  } catch {
    // Not Linux: fall through.
  }
  return [32_768, 60_999];
}

/** Listens on `port` (0: the kernel's choice) and closes again; resolves with the port, or null. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(null));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : null;
      server.close(() => done(bound));
    });
  });
}

/**
 * A TCP port nothing listens on right now, below the ephemeral range when there is room there
 * (else the kernel's choice).
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  if (ephemeralLow - LOWEST > 1_000) {
    for (let i = 0; i < TRIES; i++) {
      const candidate = LOWEST + Math.floor(Math.random() * (ephemeralLow - LOWEST));
      const port = await tryListen(candidate);
      if (port !== null) return port;
    }
  }
  const port = await tryListen(0);
  if (port === null) throw new Error('no free loopback port');
  return port;
}
