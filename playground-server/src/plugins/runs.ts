// The run manager as a shared service, plus the start-up sweep of what crashed runs left.
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { RunJournal, RunManager, sweepLeftovers } from '../engine/index.ts';

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
    });
    app.decorate('runs', manager);

    manager.on('ended', (run, record) => {
      app.log.info(
        { runId: run.id, scenario: record.scenario, state: record.state, error: record.error },
        'run ended',
      );
    });
    app.addHook('onReady', () => {
      // In the background: a broker that is down must not delay the server's start.
      void sweepLeftovers(config, journal, manager.activeIds()).then(
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
      await manager.shutdown();
    });
  },
  { name: 'runs', dependencies: ['playground-config'] },
);
