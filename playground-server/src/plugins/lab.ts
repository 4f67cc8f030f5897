// The comparison lab as a service: its queue (one comparison at a time), the results store and
// the targets it can run (by default the real runner, .playground/lab.sqlite shared with the
// CLI, and every target the registry has; each can be injected, so tests drive the routes with a
// fake runner); and the Compare page's socket room, which hears progress, samples and ends.
import fp from 'fastify-plugin';
import { join } from 'node:path';
import type { Server } from 'socket.io';
import { RunJournal } from '@playground/scenarios/engine';
import { runComparison } from '../../../scenarios/src/lab/runner.ts';
import { LabStore } from '../../../scenarios/src/lab/store.ts';
import { availableTargets, loadTarget } from '../../../scenarios/src/lab/targets/index.ts';
import type {
  LabClientToServer,
  LabServerToClient,
} from '../../../scenarios/src/sdk/lab-schemas.ts';
import { LabRunQueue } from './lab-queue.ts';
import type { LabResultStore, LabTargetInfo, RunComparison } from './lab-queue.ts';

export interface LabOptions {
  runComparison: RunComparison;
  store: LabResultStore;
  targets: readonly LabTargetInfo[];
}

export interface LabService {
  queue: LabRunQueue;
  store: LabResultStore;
  targets: readonly LabTargetInfo[];
}

declare module 'fastify' {
  interface FastifyInstance {
    lab: LabService;
  }
}

const ROOM = 'lab';

export default fp<Partial<LabOptions>>(
  async (app, options) => {
    const { stateDir } = app.playground;
    let owned: LabStore | undefined;
    const store = options.store ?? (owned = new LabStore(join(stateDir, 'lab.sqlite')));
    const targets =
      options.targets ?? (await Promise.all(availableTargets().map((id) => loadTarget(id))));
    const queue = new LabRunQueue({
      runComparison: options.runComparison ?? runComparison,
      store,
      targets,
      addresses: app.playground.config,
      // The runs' journal directory: the start-up sweep finds a crashed comparison's leftovers.
      journal: new RunJournal(join(stateDir, 'runs')),
      log: (error, message) => app.log.error({ err: error }, message),
    });
    app.decorate('lab', { queue, store, targets });

    // The shared socket server is typed for the run events (routes/schemas.ts); the lab's events
    // are its own, on a room only the Compare page joins.
    const io = app.io as unknown as Server<LabClientToServer, LabServerToClient>;
    const stopListening = queue.listen({
      queue: (view) => io.to(ROOM).emit('lab:queue', view),
      progress: (progress) => io.to(ROOM).emit('lab:progress', progress),
      // Not volatile (unlike run frames): a sample comes once a second, usually in the same tick
      // as a progress line, and a volatile one behind it would be dropped every time.
      sample: (comparison, sample) => io.to(ROOM).emit('lab:sample', { comparison, ...sample }),
      done: (summary) => io.to(ROOM).emit('lab:done', { comparison: summary.id, summary }),
    });
    io.on('connection', (socket) => {
      socket.on('lab:join', (_request, ack) => {
        void socket.join(ROOM);
        if (typeof ack === 'function') ack(queue.view());
      });
      socket.on('lab:leave', () => {
        void socket.leave(ROOM);
      });
    });

    // Before the brokers' clients close: a running comparison tears its topics down first.
    app.addHook('onClose', async () => {
      stopListening();
      await queue.close();
      owned?.close();
    });
  },
  { name: 'lab', dependencies: ['playground-config', 'realtime', 'auth'] },
);
