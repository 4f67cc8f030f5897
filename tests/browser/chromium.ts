// Where Chromium is: CHROME_PATH when set, else the first of the usual names on PATH. Distros
// name it differently (Debian `chromium`, Ubuntu `chromium-browser`, Google's `google-chrome`).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome'] as const;

export const CHROMIUM_MISSING =
  'Chromium not found (CHROME_PATH unset, and no chromium, chromium-browser or google-chrome on ' +
  'PATH): install it with `sudo apt-get install chromium`, or set CHROME_PATH to its binary';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The browser's path, or an error saying how to install one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.CHROME_PATH?.trim();
  if (explicit) {
    if (executable(explicit)) return explicit;
    throw new Error(`CHROME_PATH is ${explicit}, which is not an executable file`);
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  throw new Error(CHROMIUM_MISSING);
}
