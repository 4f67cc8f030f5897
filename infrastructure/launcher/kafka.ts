// A local single-node Apache Kafka (KRaft, combined broker+controller) owned by the launcher:
// jars resolved once by Maven into .playground/, storage formatted once, then `java kafka.Kafka`.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { LaunchError } from './errors.ts';
import { INFRA_DIR, MAVEN_REPO_DIR } from './paths.ts';
import {
  findBinary,
  isAlive,
  isExecutable,
  removeFile,
  run,
  tailFile,
  terminate,
  writePidFile,
} from './process.ts';
import { probeKafka, waitUntilReady } from './probe.ts';
import type { LaunchedProcess } from './state.ts';

export const JAVA_INSTALL_HINT =
  'install Java 17+ and Maven (sudo apt-get install openjdk-17-jre-headless maven), or Docker';
const POM = resolve(INFRA_DIR, 'kafka', 'pom.xml');
const READY_TIMEOUT_MS = 120_000;
const MAVEN_TIMEOUT_MS = 600_000;
const HEAP = '-Xmx512m';

export interface KafkaOptions {
  /** Host clients are told to use (advertised listener); the broker binds 127.0.0.1. */
  host: string;
  port: number;
  /** KRaft controller listener; defaults to port + 1 (9093 next to 9092). */
  controllerPort?: number;
  dir: string;
  /** Maven's local repository; shared so a new dir does not download everything again. */
  mavenRepo?: string;
  readyTimeoutMs?: number;
  progress?: (message: string) => void;
}

interface KafkaPaths {
  dir: string;
  libs: string;
  logs: string;
  properties: string;
  clusterIdFile: string;
}

function kafkaPaths(dir: string): KafkaPaths {
  const root = resolve(dir);
  return {
    dir: root,
    libs: resolve(root, 'libs'),
    logs: resolve(root, 'logs'),
    properties: resolve(root, 'server.properties'),
    clusterIdFile: resolve(root, 'cluster-id'),
  };
}

/**
 * One log directory per port: the KRaft voter set records the controller's address, so moving
 * KAFKA_BROKERS to another port (and back) must not mean reformatting and losing the topics.
 */
function dataDir(p: KafkaPaths, port: number): string {
  return resolve(p.dir, `data-${port}`);
}

export function kafkaProcess(dir: string): Omit<LaunchedProcess, 'pid'> {
  const p = kafkaPaths(dir);
  return {
    pidFile: resolve(p.dir, 'kafka.pid'),
    logFile: resolve(p.logs, 'server.log'),
    markers: ['kafka.Kafka', p.properties],
  };
}

/** JAVA_HOME's java when set, else java on PATH; undefined when neither exists. */
export function findJava(): string | undefined {
  const home = process.env.JAVA_HOME;
  if (home && isExecutable(resolve(home, 'bin', 'java'))) return resolve(home, 'bin', 'java');
  return findBinary('java');
}

/** Java's feature release (17 for "17.0.15"), read from `java -version`. */
export async function javaMajorVersion(java: string): Promise<number | undefined> {
  const result = await run(java, ['-version'], { timeoutMs: 15_000 });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first; // "1.8.0" is Java 8
}

function pomHash(): string {
  return createHash('sha256').update(readFileSync(POM)).digest('hex');
}

/** True when libs holds exactly what the current pom.xml resolved last time. */
export function kafkaJarsComplete(libs: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(resolve(libs, '.stamp.json'), 'utf8')) as {
      pom?: string;
      jars?: string[];
    };
    return (
      stamp.pom === pomHash() &&
      Array.isArray(stamp.jars) &&
      stamp.jars.length > 0 &&
      stamp.jars.every((jar) => existsSync(resolve(libs, jar)))
    );
  } catch {
    return false;
  }
}

/** Resolves the broker's jars with Maven into libs, unless a previous run already did. */
export async function ensureKafkaJars(
  libs: string,
  mavenRepo: string,
  progress: (message: string) => void,
): Promise<void> {
  if (kafkaJarsComplete(libs)) return;
  const mvn = findBinary('mvn');
  if (!mvn) throw new LaunchError('mvn (Maven) is not installed', JAVA_INSTALL_HINT);
  // A changed pom must not leave old versions' jars on the wildcard classpath.
  rmSync(libs, { recursive: true, force: true });
  mkdirSync(libs, { recursive: true });
  const cached = existsSync(resolve(mavenRepo, 'org', 'apache', 'kafka'));
  progress(
    cached
      ? 'resolving jars with Maven (from the local cache)…'
      : 'resolving jars with Maven (first run, ~1 min)…',
  );
  const started = Date.now();
  const result = await run(
    mvn,
    [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      POM,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${libs}`,
      `-Dmaven.repo.local=${mavenRepo}`,
    ],
    { timeoutMs: MAVEN_TIMEOUT_MS },
  );
  const jars = readdirSync(libs).filter((f) => f.endsWith('.jar'));
  if (result.code !== 0 || !jars.some((j) => j.startsWith('kafka_2.13-'))) {
    const output = (result.stdout + result.stderr).trim().split('\n').slice(-20).join('\n');
    throw new LaunchError(
      result.timedOut
        ? `Maven did not finish within ${MAVEN_TIMEOUT_MS / 60_000} min`
        : `Maven could not resolve the Kafka jars (exit ${result.code ?? 'signal'})`,
      `check network access to Maven Central, then: mvn -f ${POM} dependency:copy-dependencies -DoutputDirectory=${libs}`,
      output,
    );
  }
  writeFileSync(resolve(libs, '.stamp.json'), `${JSON.stringify({ pom: pomHash(), jars })}\n`);
  progress(`resolved ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Kafka's Uuid text form: 16 random bytes, base64url without padding, never starting with '-'. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** server.properties from infrastructure/kafka/, with this instance's addresses and dirs. */
function writeServerProperties(
  p: KafkaPaths,
  data: string,
  host: string,
  port: number,
  controller: number,
): void {
  const overrides: Record<string, string> = {
    'controller.quorum.bootstrap.servers': `127.0.0.1:${controller}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
    'advertised.listeners': `PLAINTEXT://${host}:${port},CONTROLLER://127.0.0.1:${controller}`,
    'log.dirs': data,
  };
  const base = readFileSync(resolve(INFRA_DIR, 'kafka', 'server.properties'), 'utf8');
  const seen = new Set<string>();
  const lines = base.split('\n').map((line) => {
    const key = /^\s*([^#!=\s][^=]*?)\s*=/.exec(line)?.[1];
    const value = key === undefined ? undefined : overrides[key];
    if (key === undefined || value === undefined) return line;
    seen.add(key);
    return `${key}=${value}`;
  });
  for (const [key, value] of Object.entries(overrides)) {
    if (!seen.has(key)) lines.push(`${key}=${value}`);
  }
  writeFileSync(
    p.properties,
    `# Generated by infrastructure/launcher from ../../infrastructure/kafka/server.properties\n${lines.join('\n')}`,
  );
}

function javaBaseArgs(p: KafkaPaths): string[] {
  return [
    `-Dlog4j2.configurationFile=${resolve(INFRA_DIR, 'kafka', 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${p.logs}`,
    '-Djava.awt.headless=true',
    '-cp',
    `${p.libs}/*`, // expanded by java itself, not a shell
  ];
}

/** The Kafka release pom.xml names, e.g. "4.4.0". */
export function pomKafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new LaunchError(`no <kafka.version> in ${POM}`, `restore ${POM}`);
  return match[1];
}

/** "4.4" for "4.4.0": metadata.version levels belong to a release line, not a patch. */
export function releaseLine(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

interface FormatStamp {
  controllerPort?: number;
  clusterId?: string;
  /** The Kafka release that formatted the storage; absent in stamps written for 4.1.1. */
  kafkaVersion?: string;
}

/**
 * Why data must be formatted again, or undefined to keep it. A newer release keeps the
 * finalized metadata.version of the one that formatted the storage (raising it needs the
 * kafka-features tool, which would pull Kafka Connect's jars in), and the playground reports the
 * broker's release from metadata.version; so a change of release line reformats instead.
 */
export function reformatReason(
  stamp: FormatStamp | undefined,
  formatted: boolean,
  controller: number,
  kafkaVersion: string,
): string | undefined {
  if (!formatted || stamp === undefined) return 'was never fully formatted';
  if (stamp.controllerPort !== controller) {
    return `controller port changed (${stamp.controllerPort ?? '?'} → ${controller})`;
  }
  const before = stamp.kafkaVersion ?? '4.1.1';
  if (releaseLine(before) !== releaseLine(kafkaVersion)) {
    return `was formatted by Kafka ${before}, now Kafka ${kafkaVersion} (metadata.version follows the release)`;
  }
  return undefined;
}

/** Formats the KRaft storage once (`--standalone`), keeping the cluster id across restarts. */
async function formatStorageOnce(
  java: string,
  p: KafkaPaths,
  data: string,
  controller: number,
  progress: (message: string) => void,
): Promise<void> {
  const stampFile = resolve(data, 'playground-format.json');
  let stamp: FormatStamp | undefined;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as FormatStamp;
  } catch {
    stamp = undefined;
  }
  const kafkaVersion = pomKafkaVersion();
  const formatted = existsSync(resolve(data, 'meta.properties'));
  const reason = reformatReason(stamp, formatted, controller, kafkaVersion);
  if (reason === undefined) return;
  if (existsSync(data)) {
    progress(`${data}: ${reason}; formatting it again (its topics and groups are lost)…`);
    rmSync(data, { recursive: true, force: true });
  }
  if (!existsSync(p.clusterIdFile)) writeFileSync(p.clusterIdFile, `${newClusterId()}\n`);
  const clusterId = readFileSync(p.clusterIdFile, 'utf8').trim();
  progress(`formatting storage for Kafka ${kafkaVersion} (cluster id ${clusterId}, once)…`);
  const result = await run(
    java,
    [
      ...javaBaseArgs(p),
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '--cluster-id',
      clusterId,
      '--config',
      p.properties,
    ],
    { timeoutMs: 60_000 },
  );
  if (result.code !== 0) {
    throw new LaunchError(
      `kafka-storage format failed (exit ${result.code ?? 'signal'})`,
      `remove ${p.dir} and run the launcher again`,
      (result.stdout + result.stderr).trim().split('\n').slice(-20).join('\n'),
    );
  }
  const written: FormatStamp = { controllerPort: controller, clusterId, kafkaVersion };
  writeFileSync(stampFile, `${JSON.stringify(written)}\n`);
}

/** The broker's own log and the JVM's stdout/stderr (where class-path errors land). */
export function kafkaLogTail(dir: string): string {
  const p = kafkaPaths(dir);
  const out = tailFile(resolve(p.logs, 'kafka.out'), 10);
  // Java stack frames would push the one line that says what went wrong out of the tail.
  const frames = /^\s+(at |\.\.\. \d+ more)/;
  const server = tailFile(resolve(p.logs, 'server.log'), out ? 15 : 20, frames);
  return [
    out && `--- ${resolve(p.logs, 'kafka.out')}\n${out}`,
    server && `--- ${resolve(p.logs, 'server.log')}\n${server}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Starts a detached Kafka broker and resolves once it answers ApiVersions with its version. */
export async function startKafka(options: KafkaOptions): Promise<LaunchedProcess> {
  const progress = options.progress ?? (() => {});
  const java = findJava();
  if (!java) throw new LaunchError('java is not installed', JAVA_INSTALL_HINT);
  const major = await javaMajorVersion(java);
  if (major === undefined || major < 17) {
    throw new LaunchError(
      `Kafka 4 needs Java 17+, found ${major ?? 'an unknown'} at ${java}`,
      JAVA_INSTALL_HINT,
    );
  }
  const p = kafkaPaths(options.dir);
  const controller = options.controllerPort ?? options.port + 1;
  mkdirSync(p.logs, { recursive: true });
  await ensureKafkaJars(p.libs, options.mavenRepo ?? MAVEN_REPO_DIR, progress);
  const data = dataDir(p, options.port);
  writeServerProperties(p, data, options.host, options.port, controller);
  await formatStorageOnce(java, p, data, controller, progress);

  const proc = kafkaProcess(options.dir);
  removeFile(proc.pidFile);
  const out = openSync(resolve(p.logs, 'kafka.out'), 'w');
  const child = spawn(java, [HEAP, ...javaBaseArgs(p), 'kafka.Kafka', p.properties], {
    cwd: p.dir,
    detached: true, // its own process group: survives the launcher and Ctrl-C in its terminal
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) {
    throw new LaunchError(`could not spawn ${java}`, JAVA_INSTALL_HINT);
  }
  child.unref();
  writePidFile(proc.pidFile, pid);
  const timeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  progress(`started broker (pid ${pid}); waiting up to ${timeoutMs / 1000} s for it to answer…`);
  const address = `127.0.0.1:${options.port}`;
  const ready = await waitUntilReady((t) => probeKafka(address, t), {
    timeoutMs,
    alive: () => isAlive(pid),
  });
  if (!ready.ok) {
    const log = kafkaLogTail(options.dir);
    await terminate(pid, 30_000); // a failed start leaves nothing behind
    removeFile(proc.pidFile);
    throw new LaunchError(
      ready.died
        ? `Kafka (pid ${pid}) exited while starting: ${ready.error}`
        : `Kafka (pid ${pid}) did not answer within ${timeoutMs / 1000} s: ${ready.error}`,
      `see ${proc.logFile}; if port ${options.port} or ${controller} is taken, free it or set KAFKA_BROKERS`,
      log,
    );
  }
  return { ...proc, pid };
}
