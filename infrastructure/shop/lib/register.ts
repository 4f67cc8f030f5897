// Preloaded before a service's own code (`node --import tsx --import ./lib/register.ts main.ts`):
// the ESM import hook the instrumentations need to patch packages an ES module imports, then
// the tracer provider, so the first `import 'fastify'` already meets a patched module.
import { register } from 'node:module';
import { startTelemetry } from './telemetry.ts';

// Only the instrumented packages go through import-in-the-middle: wrapping every module would
// also wrap tsx's transpiled ones, for nothing.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
  data: { include: ['amqplib', 'kafkajs', 'undici'] },
});

const service = process.env.SHOP_SERVICE ?? 'shop-service';
startTelemetry({
  service,
  instance: process.env.SHOP_INSTANCE ?? service,
  tracesUrl: process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || undefined,
});
