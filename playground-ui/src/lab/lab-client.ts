// The lab's HTTP API (/api/lab). Errors are the app's ApiError, carrying the server's body, so a
// 400 names the field that was wrong.
import { ApiError } from '../api/client';
import type { ApiErrorBody } from '../api/types';
import { trainerToken } from '../api/trainer-token';
import type {
  ComparisonResult,
  ComparisonSummary,
  LabQueue,
  QueuedComparison,
  StartComparisonBody,
  TargetInfo,
  Workload,
} from './types';

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = trainerToken.get();
  if (token !== undefined && method !== 'GET') headers['x-trainer-token'] = token;
  let response: Response;
  try {
    response = await fetch(`/api/lab${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiError(0, undefined, `the server is not reachable (${(error as Error).message})`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const errorBody = json as ApiErrorBody | undefined;
    throw new ApiError(
      response.status,
      errorBody,
      errorBody?.message ?? `${method} /api/lab${path}: ${response.status}`,
    );
  }
  return json as T;
}

const enc = encodeURIComponent;

export const labApi = {
  workloads: () => request<Workload[]>('GET', '/workloads'),
  targets: (workload: string) => request<TargetInfo[]>('GET', `/targets?workload=${enc(workload)}`),
  queue: () => request<LabQueue>('GET', '/queue'),
  comparisons: () => request<ComparisonSummary[]>('GET', '/comparisons'),
  comparison: (id: string) => request<ComparisonResult>('GET', `/comparisons/${enc(id)}`),
  start: (body: StartComparisonBody) => request<QueuedComparison>('POST', '/comparisons', body),
  stop: (id: string) =>
    request<{ id: string; state: string }>('POST', `/comparisons/${enc(id)}/stop`),
  remove: (id: string) => request<undefined>('DELETE', `/comparisons/${enc(id)}`),
};

export function exportUrl(id: string, format: 'json' | 'csv'): string {
  return `/api/lab/comparisons/${enc(id)}/export?format=${format}`;
}
