import { readFileSync } from 'node:fs';

/** Reads a scenario's lesson.md, given the scenario module's `import.meta.url`. */
export function readLesson(moduleUrl: string): string {
  return readFileSync(new URL('./lesson.md', moduleUrl), 'utf8');
}
