// The HTTP kit: an origin of the run's own for the caching scenarios, and what their clients share.
export * from './origin.ts';
export * from './caching-client.ts';
export * from './cache-control.ts';
