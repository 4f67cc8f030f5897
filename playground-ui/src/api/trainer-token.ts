// The trainer token (needed to start, stop and tune runs once the server is exposed beyond
// loopback) is kept for the browser session only.
const KEY = 'playground.trainerToken';

export const trainerToken = {
  get(): string | undefined {
    try {
      return sessionStorage.getItem(KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(token: string): void {
    try {
      if (token === '') sessionStorage.removeItem(KEY);
      else sessionStorage.setItem(KEY, token);
    } catch {
      // Storage may be disabled; the token then lasts until the next reload.
    }
  },
};
