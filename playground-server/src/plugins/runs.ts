// The run manager as a shared service, plus the start-up sweep of what crashed runs left and
// the retry of cleanups a broker refused, when its health monitor says it is back.
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { RunJournal, RunManager, sweepLeftovers } from '../engine/index.ts';
import { BROKER_IDS } from '../brokers/health.ts';
import { runEnvironment } from './run-environment.ts';
import type { BrokerId } from '../brokers/health.ts';

declare module 'fastify' {
  interface FastifyInstance {
    runs: RunManager;
  }
}

export default fp(
  async (app) => {
    const { config, stateDir } = app.playground;
    const journal = new RunJournal(join(stateDir, 'runs'));
    const manager = new RunManager({
      addresses: config,
      maxRuns: config.maxRuns,
      tickMs: config.tickMs,
      journal,
      log: app.log,
      store: app.runStore,
      environment: () => runEnvironment(app),
    });
    app.decorate('runs', manager);

    manager.on('ended', (run, record) => {
      app.log.info(
        { runId: run.id, scenario: record.scenario, state: record.state, error: record.error },
        'run ended',
      );
    });

    let closing = false;
    const retry = (broker: BrokerId): void => {
      if (closing || manager.pendingCleanups().length === 0) return;
      void manager.retryCleanups(broker).then(
        (report) => {
          if (report.cleaned.length > 0)
            app.log.info({ runs: report.cleaned, broker }, 'deleted what failed runs left');
          if (report.failed.length > 0)
            app.log.warn({ failed: report.failed, broker }, 'cleanup retry incomplete');
        },
        (error: unknown) => app.log.warn({ err: error, broker }, 'cleanup retry failed'),
      );
    };
    for (const broker of BROKER_IDS) {
      app[broker].monitor.onChange((health) => {
        if (health.ok) retry(broker);
      });
    }
    // A run whose cleanup a broker refused: probe that broker now, so an outage shorter than the
    // probe interval is still seen to end (and a broker already back is retried at once).
    manager.on('ended', (run) => {
      const left = manager.pendingCleanups().find((c) => c.runId === run.id);
      for (const broker of left?.brokers ?? []) {
        const { monitor } = app[broker];
        void monitor.check().then(() => {
          if (monitor.health.ok) retry(broker);
        });
      }
    });

    app.addHook('onReady', () => {
      // In the background: a broker that is down must not delay the server's start.
      void manager
        .serially(() => sweepLeftovers(config, journal, manager.activeIds()))
        .then(
          (report) => {
            if (report.runs.length > 0)
              app.log.info({ runs: report.runs }, 'deleted what earlier runs left');
            if (report.errors.length > 0)
              app.log.warn({ errors: report.errors }, 'start-up sweep incomplete');
          },
          (error: unknown) => app.log.warn({ err: error }, 'start-up sweep failed'),
        );
    });
    app.addHook('preClose', async () => {
      closing = true;
      await manager.shutdown();
    });
  },
  { name: 'runs', dependencies: ['playground-config', 'run-store', 'redis', 'rabbitmq', 'kafka'] },
);
