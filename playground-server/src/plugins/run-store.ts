// The run history as a shared service: one SQLite file in the state directory, closed last.
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { RunStore } from '../store/run-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    runStore: RunStore;
  }
}

export default fp(
  async (app) => {
    const { config, stateDir } = app.playground;
    const store = new RunStore(join(stateDir, 'runs.sqlite'), { maxRuns: config.runHistory });
    app.decorate('runStore', store);
    app.addHook('onClose', () => store.close());
  },
  { name: 'run-store', dependencies: ['playground-config'] },
);
