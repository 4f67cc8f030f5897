// GET /metrics: the server's own metrics and every live run's current values, in Prometheus
// text format. Run values are read at scrape time from the latest frame, so scraping costs the
// hot path nothing.
import fp from 'fastify-plugin';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    prom: { registry: Registry; telemetryReports: Counter<'kind'> };
  }
}

export default fp(
  async (app) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'playground_process_' });

    new Gauge({
      name: 'playground_broker_up',
      help: 'Whether the broker answered its last health probe (1) or not (0)',
      labelNames: ['broker'],
      registers: [registry],
      collect() {
        for (const b of ['redis', 'rabbitmq', 'kafka'] as const)
          this.set({ broker: b }, app[b].monitor.health.ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'playground_broker_latency_ms',
      help: 'Round-trip latency of the last health probe, in milliseconds',
      labelNames: ['broker'],
      registers: [registry],
      collect() {
        this.reset();
        for (const b of ['redis', 'rabbitmq', 'kafka'] as const) {
          const latency = app[b].monitor.health.latencyMs;
          if (latency !== null) this.set({ broker: b }, latency);
        }
      },
    });
    new Gauge({
      name: 'playground_runs_active',
      help: 'Runs going now',
      registers: [registry],
      collect() {
        this.set(app.runs.active.length);
      },
    });
    const runsEnded = new Counter({
      name: 'playground_runs_ended_total',
      help: 'Runs that ended, by scenario and final state',
      labelNames: ['scenario', 'state'],
      registers: [registry],
    });
    app.runs.on('ended', (_run, record) =>
      runsEnded.inc({ scenario: record.scenario, state: record.state }),
    );
    new Gauge({
      name: 'playground_socket_clients',
      help: 'Socket.IO clients connected',
      registers: [registry],
      collect() {
        this.set(app.io.engine.clientsCount);
      },
    });
    new Gauge({
      name: 'playground_run_value',
      help: "Each live run's latest frame: one series per recorded key",
      labelNames: ['run', 'scenario', 'key'],
      registers: [registry],
      collect() {
        this.reset();
        for (const run of app.runs.active) {
          const values = run.frames.at(-1)?.values ?? {};
          for (const [key, value] of Object.entries(values))
            this.set({ run: run.id, scenario: run.scenario.id, key }, value);
        }
      },
    });
    const telemetryReports = new Counter({
      name: 'playground_ui_telemetry_total',
      help: 'Telemetry items the UI sent to /api/telemetry, by kind',
      labelNames: ['kind'],
      registers: [registry],
    });
    app.decorate('prom', { registry, telemetryReports });

    app.get(
      '/metrics',
      { schema: { tags: ['metrics'], summary: 'Prometheus metrics' } },
      async (_request, reply) => {
        return reply.type(registry.contentType).send(await registry.metrics());
      },
    );
  },
  { name: 'prometheus', dependencies: ['runs', 'realtime'] },
);
