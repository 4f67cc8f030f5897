// The lab's HTTP API (/api/lab). Errors are the app's ApiError, carrying the server's body, so a
// 400 names the field that was wrong.
import { request as apiRequest } from '../api/client';
import type {
  ComparisonResult,
  ComparisonSummary,
  LabQueue,
  QueuedComparison,
  StartComparisonBody,
  TargetInfo,
  Workload,
} from './types';

const request = <T>(method: string, path: string, body?: unknown): Promise<T> =>
  apiRequest<T>(method, `/api/lab${path}`, body);

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
