// The brokers' Java tools (infrastructure/lab-tools/pom.xml), resolved by Maven once into
// .playground/lab-tools/lib and run from there. A stamp keyed on the pom's hash skips Maven
// afterwards, as the launcher does for the broker's own jars.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findBinary, run } from '../../../../infrastructure/launcher/process.ts';
import {
  INFRA_DIR,
  MAVEN_REPO_DIR,
  PLAYGROUND_DIR,
} from '../../../../infrastructure/launcher/paths.ts';

export const LAB_TOOLS_POM = resolve(INFRA_DIR, 'lab-tools', 'pom.xml');
export const LAB_TOOLS_LIB = resolve(PLAYGROUND_DIR, 'lab-tools', 'lib');
const STAMP = resolve(LAB_TOOLS_LIB, '.stamp.json');
const MAVEN_TIMEOUT_MS = 600_000;
/** Jars whose presence says the resolution is complete. */
const REQUIRED = ['kafka-tools-', 'perf-test-', 'log4j-slf4j2-impl-'];

export const MAVEN_COMMAND = `mvn -q -B -f infrastructure/lab-tools/pom.xml -Dmaven.repo.local=.playground/m2 dependency:copy-dependencies -DoutputDirectory=.playground/lab-tools/lib`;

function pomHash(): string {
  return createHash('sha256').update(readFileSync(LAB_TOOLS_POM)).digest('hex').slice(0, 16);
}

function resolved(): boolean {
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as { pom?: string };
    const jars = readdirSync(LAB_TOOLS_LIB);
    return stamp.pom === pomHash() && REQUIRED.every((r) => jars.some((j) => j.startsWith(r)));
  } catch {
    return false;
  }
}

/** Resolves the jars unless a previous run did; returns the class path. */
export async function ensureLabTools(progress: (line: string) => void): Promise<string> {
  const classPath = `${LAB_TOOLS_LIB}/*`;
  if (resolved()) return classPath;
  const mvn = findBinary('mvn');
  if (mvn === undefined) throw new Error('mvn (Maven) is not installed: it fetches the tools');
  // A changed pom must not leave an old version's jars on the wildcard class path.
  rmSync(LAB_TOOLS_LIB, { recursive: true, force: true });
  mkdirSync(LAB_TOOLS_LIB, { recursive: true });
  progress(
    existsSync(resolve(MAVEN_REPO_DIR, 'com', 'rabbitmq', 'perf-test'))
      ? 'resolving the tools’ jars with Maven (from the local cache)…'
      : 'resolving the tools’ jars with Maven (first run: ~40 MB from Maven Central)…',
  );
  const result = await run(
    mvn,
    [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      LAB_TOOLS_POM,
      'dependency:copy-dependencies',
      // Absolute: Maven reads a relative outputDirectory against the pom's folder.
      `-DoutputDirectory=${LAB_TOOLS_LIB}`,
      `-Dmaven.repo.local=${MAVEN_REPO_DIR}`,
    ],
    { timeoutMs: MAVEN_TIMEOUT_MS },
  );
  const jars = readdirSync(LAB_TOOLS_LIB).filter((f) => f.endsWith('.jar'));
  if (result.code !== 0 || !REQUIRED.every((r) => jars.some((j) => j.startsWith(r)))) {
    const tail = (result.stdout + result.stderr).trim().split('\n').slice(-10).join('\n');
    throw new Error(
      `Maven could not resolve the tools (exit ${result.code ?? 'signal'}); try: ${MAVEN_COMMAND}\n${tail}`,
    );
  }
  writeFileSync(STAMP, `${JSON.stringify({ pom: pomHash(), jars })}\n`);
  return classPath;
}

// Both SLF4J providers are on the one class path (kafka-tools wants Log4j 2, PerfTest brings
// Logback); naming one per tool silences SLF4J's "multiple providers" warning.
const PROVIDER = {
  kafka: 'org.apache.logging.slf4j.SLF4JServiceProvider',
  rabbitmq: 'ch.qos.logback.classic.spi.LogbackServiceProvider',
} as const;

export const PRODUCER_PERFORMANCE = 'org.apache.kafka.tools.ProducerPerformance';
export const PERF_TEST = 'com.rabbitmq.perf.PerfTest';

/** `java … <main> <args>`: the argv for a tool's JVM. */
export function javaArgs(
  classPath: string,
  mainClass: typeof PRODUCER_PERFORMANCE | typeof PERF_TEST,
  args: string[],
): string[] {
  const provider = mainClass === PERF_TEST ? PROVIDER.rabbitmq : PROVIDER.kafka;
  return [
    // kafka-producer-perf-test.sh's heap is 512 MB; PerfTest needs less.
    '-Xmx512m',
    `-Dslf4j.provider=${provider}`,
    '-Dslf4j.internal.verbosity=WARN',
    '-cp',
    classPath,
    mainClass,
    ...args,
  ];
}
