// The trainer token, the Host guard against DNS rebinding, which pages may open a socket, and
// broker passwords kept out of messages.
import { request } from 'node:http';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactCredentials } from '../src/config.ts';
import { hostAllowed } from '../src/plugins/host-check.ts';
import { startServer } from './app-harness.ts';
import type { Harness } from './app-harness.ts';

/** A GET with headers fetch will not set (Host, Origin); resolves to the status and body. */
function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the server guards', () => {
  let server: Harness;
  let port: string;
  beforeAll(async () => {
    server = await startServer({
      TRAINER_TOKEN: 'let-me-in',
      ALLOWED_HOSTS: 'playground.lan,.workshop.test',
      ALLOWED_ORIGINS: 'http://192.168.1.20:5173',
    });
    port = new URL(server.url).port;
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 401, not 500, to a token whose bytes and characters differ in length', async () => {
    for (const token of ['let-me-iü', 'ü', 'let-me-in-and-more']) {
      const res = await fetch(`${server.url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-trainer-token': token },
        body: JSON.stringify({ scenario: 'rate-limiting', durationSec: 1 }),
      });
      expect(res.status, token).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/trainer token/);
    }
  });

  it('answers 403 to a Host it is not known by, and serves its own names', async () => {
    const refused = await get(`${server.url}/api/health`, { host: `evil.example:${port}` });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      statusCode: 403,
      message: expect.stringMatching(/evil\.example.*DNS rebinding.*ALLOWED_HOSTS/),
    });
    // The UI too: a rebound page must not load it either.
    expect((await get(`${server.url}/`, { host: 'evil.example' })).status).toBe(403);
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `playground.lan:${port}`,
      `room1.workshop.test:${port}`,
      `10.1.2.3:${port}`,
    ]) {
      expect((await get(`${server.url}/api/health`, { host })).status, host).toBe(200);
    }
  });

  it('lets only its own pages, the dev UI and ALLOWED_ORIGINS open a socket', async () => {
    const handshake = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const own = { host: `127.0.0.1:${port}` };
    expect((await get(handshake, { ...own, origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await get(handshake, { ...own, origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await get(handshake, { ...own, origin: 'http://192.168.1.20:5173' })).status).toBe(200);
    expect((await get(handshake, own)).status).toBe(200);
    expect((await get(handshake, { ...own, origin: 'https://evil.example' })).status).toBe(403);
    expect((await get(handshake, { host: 'evil.example' })).status).toBe(403);
  });
});

describe('host names', () => {
  const policy = { host: '127.0.0.1', allowedHosts: [] };
  it('accepts IP literals and localhost, refuses other names unless configured', () => {
    expect(hostAllowed('192.168.0.7:3000', policy)).toBe(true);
    expect(hostAllowed('[fe80::1]:3000', policy)).toBe(true);
    expect(hostAllowed('app.localhost:3000', policy)).toBe(true);
    expect(hostAllowed('localhost.evil.example', policy)).toBe(false);
    expect(hostAllowed('127.0.0.1.nip.io', policy)).toBe(false);
    expect(hostAllowed('not a host', policy)).toBe(false);
    expect(hostAllowed('laptop.lan', { ...policy, host: 'laptop.lan' })).toBe(true);
    expect(hostAllowed('anything.example', { ...policy, allowedHosts: ['*'] })).toBe(true);
  });
});

describe('broker credentials', () => {
  it('are redacted from configuration errors', () => {
    const bad: Record<string, string>[] = [
      { AMQP_URL: 'http://guest:s3cret@127.0.0.1:5672' },
      { REDIS_URL: 'http://user:s3cret@127.0.0.1:6379' },
      { AMQP_URL: 'amqp://guest:s3cret@' },
    ];
    for (const env of bad) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toMatch(/s3cret/);
      expect((error as Error).message).toMatch(/\/\/(guest|user):\*\*\*@/);
    }
  });

  it('are redacted from what the server prints when its configuration is bad', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, AMQP_URL: 'http://guest:s3cret@127.0.0.1:5672', PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/AMQP_URL: "http:\/\/guest:\*\*\*@127\.0\.0\.1:5672"/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/s3cret/);
  });

  it('are redacted wherever they sit in a line, whatever the password holds', () => {
    expect(
      redactCredentials('{"msg":"connect amqp://u:p@ss:w@rd@host:5672/vh failed","n":1}'),
    ).toBe('{"msg":"connect amqp://u:***@host:5672/vh failed","n":1}');
    expect(redactCredentials('redis://:pw@h:6379 and amqp://a:b@c')).toBe(
      'redis://:***@h:6379 and amqp://a:***@c',
    );
    expect(redactCredentials('amqp://guest@host')).toBe('amqp://guest@host');
  });
});
