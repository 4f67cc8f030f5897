// The comparison's targets, by id: the one list of what can run. An id of TARGET_IDS without an
// entry here is not available yet. Modules are imported on demand (a comparison of two targets
// loads two brokers' clients, not six), in the main thread and again in each worker thread.
import type { Target, TargetId } from '../target.ts';

type TargetModule = Record<string, unknown>;

const REGISTRY: Partial<Record<TargetId, () => Promise<TargetModule>>> = {
  kafka: () => import('./kafka.ts'),
  'rabbitmq-classic': () => import('./rabbitmq-classic.ts'),
  'rabbitmq-quorum': () => import('./rabbitmq-quorum.ts'),
  'rabbitmq-stream': () => import('./rabbitmq-stream.ts'),
  'redis-streams': () => import('./redis-streams.ts'),
  'redis-pubsub': () => import('./redis-pubsub.ts'),
  'kafka-cluster': () => import('./kafka-cluster.ts'),
  'rabbitmq-quorum-cluster': () => import('./rabbitmq-quorum-cluster.ts'),
};

export function availableTargets(): TargetId[] {
  return Object.keys(REGISTRY) as TargetId[];
}

export function isAvailable(id: TargetId): boolean {
  return REGISTRY[id] !== undefined;
}

function isTarget(value: unknown): value is Target {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof Target, unknown>>;
  return typeof v.id === 'string' && typeof v.plan === 'function' && typeof v.setup === 'function';
}

/** A module's target: its default export, or the exported Target whose id is `id`. */
function targetIn(module: TargetModule, id: TargetId): Target | undefined {
  if (isTarget(module.default)) return module.default;
  return Object.values(module).find((v): v is Target => isTarget(v) && v.id === id);
}

/** The target for `id`; `module` (a file URL) substitutes another module (tests' loopback). */
export async function loadTarget(id: TargetId, module?: string): Promise<Target> {
  const load = module === undefined ? REGISTRY[id] : () => import(module) as Promise<TargetModule>;
  if (load === undefined) throw new Error(`target "${id}" is not available yet`);
  const target = targetIn(await load(), id);
  if (target === undefined) throw new Error(`no Target with id "${id}" exported by its module`);
  return target;
}
