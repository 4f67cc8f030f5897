// Fetch wrappers for the playground's HTTP API. Errors carry the server's JSON body, so a 400
// can be shown next to the field it names.
import type {
  ApiErrorBody,
  Frame,
  Health,
  RunEvent,
  RunExport,
  RunView,
  ScenarioView,
  StartRunRequest,
  TelemetryLatest,
  AddToxicBody,
  FaultsView,
  NodeAction,
} from './types';
import { trainerToken } from './trainer-token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** One call to the server's API: JSON in and out, the trainer token on changes, errors as ApiError. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = trainerToken.get();
  if (token !== undefined && method !== 'GET') headers['x-trainer-token'] = token;
  let response: Response;
  try {
    response = await fetch(path, {
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
      errorBody?.message ?? `${method} ${path}: ${response.status} ${response.statusText}`,
    );
  }
  return json as T;
}

const enc = encodeURIComponent;

export const api = {
  health: () => request<Health>('GET', '/api/health'),
  scenarios: () => request<ScenarioView[]>('GET', '/api/scenarios'),
  scenario: (id: string) => request<ScenarioView>('GET', `/api/scenarios/${enc(id)}`),
  runs: () => request<RunView[]>('GET', '/api/runs'),
  run: (id: string) => request<RunView>('GET', `/api/runs/${enc(id)}`),
  startRun: (body: StartRunRequest) => request<RunView>('POST', '/api/runs', body),
  changeParams: (id: string, change: Record<string, unknown>) =>
    request<RunView>('PATCH', `/api/runs/${enc(id)}/params`, change),
  stopRun: (id: string) => request<RunView>('POST', `/api/runs/${enc(id)}/stop`),
  frames: (id: string) => request<{ frames: Frame[] }>('GET', `/api/runs/${enc(id)}/frames`),
  events: (id: string) => request<{ events: RunEvent[] }>('GET', `/api/runs/${enc(id)}/events`),
  deleteRun: (id: string) => request<undefined>('DELETE', `/api/runs/${enc(id)}`),
  exportRun: (id: string) => request<RunExport>('GET', `/api/runs/${enc(id)}/export`),
  /** `file` is an export as read from disk: the server checks its shape. */
  importRun: (file: unknown) => request<RunView>('POST', '/api/runs/import', file),
  telemetryLatest: () => request<TelemetryLatest>('GET', '/api/telemetry/latest'),
  faults: (id: string) => request<FaultsView>('GET', `/api/runs/${enc(id)}/faults`),
  addToxic: (id: string, body: AddToxicBody) =>
    request<FaultsView>('POST', `/api/runs/${enc(id)}/faults/toxics`, body),
  removeToxic: (id: string, link: string, toxic: string) =>
    request<FaultsView>(
      'DELETE',
      `/api/runs/${enc(id)}/faults/links/${enc(link)}/toxics/${enc(toxic)}`,
    ),
  setLink: (id: string, link: string, enabled: boolean) =>
    request<FaultsView>('POST', `/api/runs/${enc(id)}/faults/links/${enc(link)}`, { enabled }),
  clearFaults: (id: string) => request<FaultsView>('POST', `/api/runs/${enc(id)}/faults/clear`),
  nodeAction: (id: string, node: string, action: NodeAction) =>
    request<FaultsView>('POST', `/api/runs/${enc(id)}/faults/nodes/${enc(node)}/${action}`),
};

/**
 * The run as a self-describing JSON file (a download): params at start and every change,
 * summary, facts, each check with its status, frames, events and the versions it ran on. The
 * Runs page can import it back as a recording.
 */
export function runUrl(id: string): string {
  return `/api/runs/${enc(id)}/export`;
}

export function framesUrl(id: string, format: 'csv' | 'json'): string {
  return `/api/runs/${enc(id)}/frames?format=${format}`;
}
