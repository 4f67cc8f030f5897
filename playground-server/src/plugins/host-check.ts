// DNS rebinding: a web page on a name its owner re-points at 127.0.0.1 reaches this server with
// its own name in the Host header. Like Vite's dev server, answer only names the server is known
// by: IP literals (a rebinding attack needs a name), localhost, HOST, and ALLOWED_HOSTS.
import { isIP } from 'node:net';
import fp from 'fastify-plugin';
import { apiError } from './errors.ts';

export interface HostPolicy {
  /** The address the server binds to (HOST). */
  host: string;
  /** Extra names: exact, `.example.lan` for the name and any under it, or `*` for any. */
  allowedHosts: readonly string[];
}

/** The host name of a Host header, lower-cased and without brackets or port. */
export function hostNameOf(header: string): string | undefined {
  try {
    return new URL(`http://${header}`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

export function hostAllowed(header: string | undefined, policy: HostPolicy): boolean {
  // Browsers always send Host; a client without one is not a browser on a rebound name.
  if (header === undefined || header === '') return true;
  const name = hostNameOf(header);
  if (name === undefined) return false;
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === policy.host.toLowerCase()) return true;
  return policy.allowedHosts.some(
    (allowed) =>
      allowed === '*' ||
      allowed === name ||
      (allowed.startsWith('.') && (name === allowed.slice(1) || name.endsWith(allowed))),
  );
}

export function refusedHostMessage(header: string): string {
  return `this server does not answer to host "${header}" (a guard against DNS rebinding); use its address or localhost, or add the name to ALLOWED_HOSTS`;
}

export default fp(
  async (app) => {
    const { host, allowedHosts } = app.playground.config;
    const policy: HostPolicy = { host, allowedHosts };
    app.addHook('onRequest', async (request) => {
      const header = request.headers.host;
      if (!hostAllowed(header, policy)) throw apiError(403, refusedHostMessage(header ?? ''));
    });
  },
  { name: 'host-check', dependencies: ['playground-config', 'errors'] },
);
