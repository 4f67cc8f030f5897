// The service's tracer provider: OTLP/HTTP JSON to the run's receiver, W3C trace context, and
// the instrumentations that carry it across HTTP (server and undici client), AMQP and Kafka.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';

export interface TelemetryOptions {
  service: string;
  instance: string;
  /** OTLP/HTTP traces URL; without one, spans are made (context still flows) but not exported. */
  tracesUrl: string | undefined;
}

let provider: NodeTracerProvider | undefined;

/** Paths the HTTP server instrumentation leaves out: scrapes, probes and key fetches. */
const UNTRACED_PATHS = new Set(['/health', '/metrics', '/_control', '/.well-known/jwks.json']);

/** Once per process, from the preload (register.ts). */
export function startTelemetry(options: TelemetryOptions): void {
  const spanProcessors: SpanProcessor[] = [];
  if (options.tracesUrl !== undefined) {
    // A short delay so a run's traces reach the page while it runs, not after.
    spanProcessors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: options.tracesUrl }), {
        scheduledDelayMillis: 200,
        maxExportBatchSize: 512,
        maxQueueSize: 4096,
        exportTimeoutMillis: 2000,
      }),
    );
  }
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.service,
      'service.instance.id': options.instance,
    }),
    spanProcessors,
  });
  // Registers the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
        // The services' own HTTP clients are undici's; node:http outgoing calls are the
        // exporter's and the registry's, not the shop's requests.
        ignoreOutgoingRequestHook: () => true,
      }),
      new UndiciInstrumentation({
        ignoreRequestHook: (req) => req.path.startsWith('/.well-known/'),
      }),
      new AmqplibInstrumentation(),
      new KafkaJsInstrumentation(),
    ],
  });
}

/** Exports what is buffered and stops; the last step of a graceful exit. */
export async function shutdownTelemetry(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
  await provider?.shutdown().catch(() => undefined);
}
