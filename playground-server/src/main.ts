// `npm start`: the server with its configuration from the environment. A bad value stops the
// process with one line naming the variable.
import { ConfigError, loadConfig } from './config.ts';
import type { PlaygroundConfig } from './config.ts';

let config: PlaygroundConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`playground: invalid configuration: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

// Loaded after the configuration is known good, so a bad variable is reported on its own.
const { buildApp } = await import('./app.ts');
const { brokerHealth } = await import('./routes/health.ts');
const app = await buildApp(config);
try {
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  process.stderr.write(
    `playground: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`,
  );
  process.exit(1);
}

// Give the first health probes a moment so the status lines say something useful.
await Promise.all([
  app.redis.monitor.check(),
  app.rabbitmq.monitor.check(),
  app.kafka.monitor.check(),
]);
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : config.port;
const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
const lines = [`\n  Playground running at http://${shownHost}:${port}/  (API docs: /docs)\n`];
for (const [name, h] of Object.entries(brokerHealth(app))) {
  lines.push(
    h.ok
      ? `  ✔ ${name.padEnd(8)} ${h.address.padEnd(22)} ${h.version ?? ''}  (${h.latencyMs} ms)`
      : `  ✘ ${name.padEnd(8)} ${h.address.padEnd(22)} down: ${h.error ?? 'unknown'}  → npm run infra:up`,
  );
}
process.stdout.write(`${lines.join('\n')}\n\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info(`${signal}: stopping runs and closing`);
    void app.close().then(() => process.exit(0));
  });
}
