// For tests of scenarios that start processes of their own (private instances, clusters): where
// a run's directory is, and whether a pid is still alive, so a test can assert nothing outlived it.
export { isAlive } from '../../../infrastructure/launcher/process.ts';
export { privateRunDir } from '../../../infrastructure/launcher/private/paths.ts';
