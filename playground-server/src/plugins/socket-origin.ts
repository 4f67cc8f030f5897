// Which browser pages may open a socket: the server's own origin, the UI dev server's (Vite on
// :5173 proxies to the server, so its pages carry their own origin), and ALLOWED_ORIGINS. Without
// this any web site a viewer visits could join runs through the viewer's browser.
import type { IncomingMessage } from 'node:http';
import { hostAllowed, type HostPolicy } from './host-check.ts';

export const DEV_UI_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

export interface OriginPolicy extends HostPolicy {
  allowedOrigins: readonly string[];
}

export function originAllowed(
  origin: string | undefined,
  hostHeader: string | undefined,
  policy: OriginPolicy,
): boolean {
  // Browsers send Origin on every socket request; other clients (the CLI, tests) send none.
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (hostHeader !== undefined && url.host === hostHeader.toLowerCase()) return true;
  return DEV_UI_ORIGINS.includes(url.origin) || policy.allowedOrigins.includes(url.origin);
}

/** Socket.IO's allowRequest: the Host guard (Fastify's hooks never see these requests) and Origin. */
export function socketRequestAllowed(
  request: IncomingMessage,
  policy: OriginPolicy,
): string | undefined {
  const { host, origin } = request.headers;
  if (!hostAllowed(host, policy)) return `host "${host ?? ''}" is not allowed (ALLOWED_HOSTS)`;
  if (!originAllowed(origin, host, policy))
    return `origin ${origin ?? ''} may not open a socket here (ALLOWED_ORIGINS)`;
  return undefined;
}
