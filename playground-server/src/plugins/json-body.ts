// JSON bodies are measured before they are parsed: a body nested thousands deep parses fine but
// overflows the stack of whatever walks it next (validation, cloning, an error that quotes it),
// which answered 500. Counting brackets is a loop, so the measuring itself cannot overflow.
import fp from 'fastify-plugin';
import { apiError } from './errors.ts';

/** Deeper than any body the API takes (a telemetry report nests about six levels). */
export const MAX_JSON_DEPTH = 64;

/** Whether `text` nests arrays and objects deeper than `max`, brackets inside strings aside. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

export default fp(
  async (app) => {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = body as string;
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        done(apiError(400, `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
        return;
      }
      parse(request, text, done);
    });
  },
  { name: 'json-body', dependencies: ['errors'] },
);
