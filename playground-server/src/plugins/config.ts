import fp from 'fastify-plugin';
import type { PlaygroundConfig } from '../config.ts';

export interface PlaygroundOptions {
  config: PlaygroundConfig;
  /** How often broker health is probed (tests shorten it). */
  healthIntervalMs: number;
  /** Where run journals and the UI build live; defaults to the repository's. */
  stateDir: string;
  uiDir: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    playground: PlaygroundOptions;
  }
}

export default fp<PlaygroundOptions>(
  async (app, options) => {
    app.decorate('playground', options);
  },
  { name: 'playground-config' },
);
