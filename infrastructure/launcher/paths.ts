// Every path the launcher uses hangs off the repository root, found from this file rather than
// the working directory, so `npm start` from a workspace folder behaves like one from the root.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const INFRA_DIR = resolve(REPO_ROOT, 'infrastructure');
/** Git-ignored home of everything the launcher creates: data, logs, pid files, jars. */
export const PLAYGROUND_DIR = resolve(REPO_ROOT, '.playground');
export const STATE_FILE = resolve(PLAYGROUND_DIR, 'state.json');
export const COMPOSE_FILE = resolve(REPO_ROOT, 'compose.yaml');
export const MAVEN_REPO_DIR = resolve(PLAYGROUND_DIR, 'm2');

export function brokerDir(name: string): string {
  return resolve(PLAYGROUND_DIR, name);
}
