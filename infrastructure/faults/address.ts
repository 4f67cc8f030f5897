// host:port strings as Toxiproxy takes them ("127.0.0.1:8474", "localhost:0", "[::1]:6379").
import { ToxicError } from './toxics.ts';

export interface HostPort {
  host: string;
  port: number;
}

/** Parses `host:port`; a bare `:port` means 127.0.0.1. Port 0 only where `anyPort` allows it. */
export function splitAddress(address: string, anyPort = true): HostPort {
  const at = address.lastIndexOf(':');
  const host = at > 0 ? address.slice(0, at) : '127.0.0.1';
  const text = address.slice(at + 1);
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < (anyPort ? 0 : 1) || port > 65535) {
    throw new ToxicError(
      `not a host:port${anyPort ? '' : ' with a port from 1 to 65535'}: "${address}"`,
      400,
    );
  }
  return { host: host.replace(/^\[|\]$/g, ''), port };
}

/** Two addresses name the same place (a requested port 0 matches whatever port was picked). */
export function sameAddress(requested: string, actual: string): boolean {
  const a = splitAddress(requested);
  const b = splitAddress(actual);
  return a.host === b.host && (a.port === 0 || a.port === b.port);
}
