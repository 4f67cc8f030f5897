// Reads a Kafka broker's version from the broker itself. kafkajs has no API for it, and a Kafka
// broker never states its release on the wire; what it does state, in every ApiVersions response
// since 2.4, is its finalized feature levels. In KRaft mode `metadata.version` is one of them, and
// each level belongs to exactly one release line (Apache Kafka's MetadataVersion enum).
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface KafkaVersion {
  /** Release line, e.g. "4.1". */
  version: string;
  /** Finalized metadata.version, e.g. "4.1-IV1". */
  metadataVersion: string;
  latencyMs: number;
}

export interface ApiVersionsResult {
  errorCode: number;
  apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[];
  throttleTimeMs: number;
  finalizedFeatures: Map<string, { minLevel: number; maxLevel: number }>;
  latencyMs: number;
}

// metadata.version feature level → MetadataVersion name (release line, internal version), read
// from org.apache.kafka.server.common.MetadataVersion in kafka-server-common 3.9.1, 4.1.1 and
// 4.4.0 (levels 1-33 are production levels in 4.4.0). Level 0 and negative levels never appear as
// a finalized KRaft feature; 34+ were unstable when this table was written.
const METADATA_VERSIONS: readonly string[] = [
  '', // level 0 is not a metadata.version
  '3.0-IV1',
  '3.1-IV0',
  '3.2-IV0',
  '3.3-IV0',
  '3.3-IV1',
  '3.3-IV2',
  '3.3-IV3',
  '3.4-IV0',
  '3.5-IV0',
  '3.5-IV1',
  '3.5-IV2',
  '3.6-IV0',
  '3.6-IV1',
  '3.6-IV2',
  '3.7-IV0',
  '3.7-IV1',
  '3.7-IV2',
  '3.7-IV3',
  '3.7-IV4',
  '3.8-IV0',
  '3.9-IV0',
  '4.0-IV0',
  '4.0-IV1',
  '4.0-IV2',
  '4.0-IV3',
  '4.1-IV0',
  '4.1-IV1',
  '4.2-IV0',
  '4.2-IV1',
  '4.3-IV0',
  '4.4-IV0',
  '4.4-IV1',
  '4.4-IV2',
];

/** "4.1-IV1" for level 27; undefined for a level this table does not know. */
export function metadataVersionName(level: number): string | undefined {
  const name = level > 0 ? METADATA_VERSIONS[level] : undefined;
  return name === '' ? undefined : name;
}

const API_VERSIONS_KEY = 18;
const API_VERSIONS_VERSION = 3;
const CORRELATION_ID = 0x5047; // arbitrary; checked on the way back
const CLIENT_ID = 'playground-version-probe';
// The broker validates these against [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?
const SOFTWARE_NAME = 'distributed-systems-playground';
const SOFTWARE_VERSION = '0.1.0';
// An ApiVersions response is a few KiB; anything claiming far more is not a Kafka broker talking.
const MAX_RESPONSE_BYTES = 1 << 20;
const UNSUPPORTED_VERSION = 35;

function uvarint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function compactString(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([uvarint(bytes.length + 1), bytes]);
}

/** ApiVersions v3 request, size-prefixed: header v2, then the flexible-version body. */
export function encodeApiVersionsRequest(correlationId = CORRELATION_ID): Buffer {
  const header = Buffer.alloc(10);
  header.writeInt16BE(API_VERSIONS_KEY, 0);
  header.writeInt16BE(API_VERSIONS_VERSION, 2);
  header.writeInt32BE(correlationId, 4);
  const clientId = Buffer.from(CLIENT_ID, 'utf8');
  header.writeInt16BE(clientId.length, 8); // client_id stays a classic nullable string in header v2
  const noTags = uvarint(0);
  const payload = Buffer.concat([
    header,
    clientId,
    noTags,
    compactString(SOFTWARE_NAME),
    compactString(SOFTWARE_VERSION),
    noTags,
  ]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}

class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.offset + n > this.buf.length) {
      throw new Error(`truncated ApiVersions response (wanted ${n} bytes at ${this.offset})`);
    }
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  uvarint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const byte = this.buf[this.offset++] ?? 0;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new Error('malformed varint in ApiVersions response');
  }
  compactString(): string {
    const len = this.uvarint() - 1;
    if (len < 0) throw new Error('unexpected null string in ApiVersions response');
    this.need(len);
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.bytes(this.uvarint());
    }
  }
}

/** Parses an ApiVersions v3 response frame (without its size prefix). */
export function decodeApiVersionsResponse(
  frame: Buffer,
  correlationId = CORRELATION_ID,
): Omit<ApiVersionsResult, 'latencyMs'> {
  const r = new Reader(frame);
  // ApiVersions responses always use response header v0 so that a client can read them before it
  // knows which versions the broker speaks.
  const gotCorrelation = r.int32();
  if (gotCorrelation !== correlationId) {
    throw new Error(
      `ApiVersions response has correlation id ${gotCorrelation}, expected ${correlationId}`,
    );
  }
  const errorCode = r.int16();
  const finalizedFeatures = new Map<string, { minLevel: number; maxLevel: number }>();
  if (errorCode !== 0) {
    // On UNSUPPORTED_VERSION the body is v0-encoded; nothing after the error code is useful here.
    return { errorCode, apiKeys: [], throttleTimeMs: 0, finalizedFeatures };
  }
  const apiKeys: ApiVersionsResult['apiKeys'] = [];
  const keyCount = r.uvarint() - 1;
  for (let i = 0; i < keyCount; i++) {
    const apiKey = r.int16();
    const minVersion = r.int16();
    const maxVersion = r.int16();
    r.skipTaggedFields();
    apiKeys.push({ apiKey, minVersion, maxVersion });
  }
  const throttleTimeMs = r.int32();
  const tagCount = r.uvarint();
  for (let i = 0; i < tagCount; i++) {
    const tag = r.uvarint();
    const data = r.bytes(r.uvarint());
    if (tag !== 2) continue; // 0 SupportedFeatures, 1 FinalizedFeaturesEpoch, 3 ZkMigrationReady
    const f = new Reader(data);
    const n = f.uvarint() - 1;
    for (let j = 0; j < n; j++) {
      const name = f.compactString();
      const maxLevel = f.int16();
      const minLevel = f.int16();
      f.skipTaggedFields();
      finalizedFeatures.set(name, { minLevel, maxLevel });
    }
  }
  return { errorCode, apiKeys, throttleTimeMs, finalizedFeatures };
}

function splitHostPort(hostPort: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(hostPort.trim());
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`"${hostPort}" is not host:port`);
  }
  return { host: match[1], port };
}

function describeSocketError(err: NodeJS.ErrnoException, hostPort: string, host: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused at ${hostPort}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found: ${host}`;
    case 'ECONNRESET':
      return `connection reset by ${hostPort}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${hostPort}`;
    default:
      return `${err.code ?? 'error'} talking to ${hostPort}: ${err.message}`;
  }
}

/** Sends one ApiVersions v3 request and returns the parsed response. */
export function readApiVersions(hostPort: string, timeoutMs: number): Promise<ApiVersionsResult> {
  const { host, port } = splitHostPort(hostPort);
  const started = performance.now();
  return new Promise<ApiVersionsResult>((resolve, reject) => {
    let settled = false;
    let received = Buffer.alloc(0);
    const socket: Socket = connect({ host, port });
    const finish = (err: Error | undefined, result?: ApiVersionsResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else if (result) resolve(result);
    };
    const timer = setTimeout(() => {
      finish(new Error(`no ApiVersions response from ${hostPort} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(encodeApiVersionsRequest()));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Keep the errno code so callers can tell "nothing listens" from other failures.
      finish(
        Object.assign(new Error(describeSocketError(err, hostPort, host)), { code: err.code }),
      );
    });
    socket.on('close', () => {
      finish(new Error(`connection closed by ${hostPort} before the ApiVersions response`));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const size = received.readInt32BE(0);
      if (size < 6 || size > MAX_RESPONSE_BYTES) {
        finish(new Error(`unexpected reply from ${hostPort} (not a Kafka broker?)`));
        return;
      }
      if (received.length < 4 + size) return;
      try {
        const parsed = decodeApiVersionsResponse(received.subarray(4, 4 + size));
        finish(undefined, { ...parsed, latencyMs: performance.now() - started });
      } catch (err) {
        finish(new Error(`${hostPort}: ${(err as Error).message}`));
      }
    });
  });
}

/**
 * The version of the Kafka broker at hostPort, read from the broker's finalized metadata.version.
 * Rejects with a one-line reason when the broker cannot be reached or does not answer in time.
 * A broker that finalizes no metadata.version (ZooKeeper mode) reports version "unknown".
 */
export async function probeKafkaVersion(
  hostPort: string,
  timeoutMs: number,
): Promise<KafkaVersion> {
  const res = await readApiVersions(hostPort, timeoutMs);
  const latencyMs = Math.round(res.latencyMs * 10) / 10;
  if (res.errorCode === UNSUPPORTED_VERSION) {
    throw new Error(`${hostPort} does not support ApiVersions v3 (a Kafka broker older than 2.4)`);
  }
  if (res.errorCode !== 0) {
    throw new Error(`${hostPort} answered ApiVersions with error code ${res.errorCode}`);
  }
  const level = res.finalizedFeatures.get('metadata.version')?.maxLevel;
  if (level === undefined) {
    return { version: 'unknown', metadataVersion: 'not finalized', latencyMs };
  }
  const name = metadataVersionName(level);
  if (name === undefined) {
    const label = `metadata.version level ${level}`;
    return { version: label, metadataVersion: label, latencyMs };
  }
  return { version: name.slice(0, name.indexOf('-')), metadataVersion: name, latencyMs };
}
