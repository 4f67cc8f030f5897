// The workloads the project ships (workloads/*.yaml), read and checked once.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWorkload } from './workload.ts';
import type { Workload } from './workload.ts';

const DIR = fileURLToPath(new URL('./workloads/', import.meta.url));

let shipped: Workload[] | undefined;

export function shippedWorkloads(): Workload[] {
  shipped ??= readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseWorkload(readFileSync(`${DIR}${f}`, 'utf8'), f));
  return shipped;
}

export function findWorkload(name: string): Workload | undefined {
  return shippedWorkloads().find((w) => w.name === name);
}
