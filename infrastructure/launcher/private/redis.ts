// The Redis kind of private instance: redis-server with a config file of the run's choosing
// (maxmemory, eviction policy, persistence, ACL users), loopback only, in the foreground.
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { sleep } from '../process.ts';
import type { InstancePlace, PrivateProcessKind } from './private-process.ts';

export const REDIS_SERVER_INSTALL = 'sudo apt-get install redis-server';

/** redis.conf directives, in order (`user` may repeat). */
export type RedisConfigLine = readonly [directive: string, value: string];

export const CONFIG_FILE = 'redis.conf';

function quote(value: string): string {
  return value === '' ? '""' : value;
}

export function redisConfigFile(place: InstancePlace, lines: readonly RedisConfigLine[]): string {
  const base: RedisConfigLine[] = [
    ['bind', '127.0.0.1'],
    ['protected-mode', 'yes'],
    ['port', String(place.port)],
    ['daemonize', 'no'],
    ['dir', place.dir],
    // No persistence unless the run asks for it.
    ['save', ''],
    ['appendonly', 'no'],
  ];
  return [...base, ...lines].map(([d, v]) => `${d} ${quote(v)}`).join('\n') + '\n';
}

/**
 * Ready once it answers PING with anything but LOADING: with ACLs the answer may be NOAUTH,
 * which still means it serves requests; while it replays its AOF it answers LOADING.
 */
export function pingRaw(port: number, timeoutMs: number): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error('no reply to PING'));
    }, timeoutMs);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        done(reply.trim());
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
  });
}

export function redisKind(lines: readonly RedisConfigLine[]): PrivateProcessKind {
  return {
    kind: 'redis',
    binary: 'redis-server',
    installHint: REDIS_SERVER_INSTALL,
    files: (place) => ({ [CONFIG_FILE]: redisConfigFile(place, lines) }),
    args: (place) => [resolve(place.dir, CONFIG_FILE)],
    // redis-server retitles itself "redis-server 127.0.0.1:<port>".
    markers: (place) => ['redis-server', `127.0.0.1:${place.port}`],
    async ready(place, timeoutMs, alive) {
      const deadline = Date.now() + timeoutMs;
      let last = 'not started';
      while (Date.now() < deadline) {
        if (!alive()) throw new Error(`redis-server exited (${last})`);
        try {
          last = await pingRaw(place.port, 1_000);
          if (!last.startsWith('-LOADING')) return;
        } catch (error) {
          last = (error as Error).message;
        }
        await sleep(20);
      }
      throw new Error(last);
    },
  };
}
