// The workshop and learning-path endpoints. Presenter actions carry the trainer token, as every
// change to runs does.
import { ApiError } from '../api/client';
import type { ApiErrorBody } from '../api/types';
import { trainerToken } from '../api/trainer-token';
import type { LearningPathView, Workshop, WorkshopLimits, WorkshopState } from './types';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
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
  const json = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = json as ApiErrorBody | undefined;
    throw new ApiError(
      response.status,
      error,
      error?.message ?? `${method} ${path}: ${response.status}`,
    );
  }
  return json as T;
}

export const workshopApi = {
  shipped: () => call<Workshop[]>('GET', '/api/workshops'),
  fileUrl: (id: string) => `/api/workshops/${encodeURIComponent(id)}`,
  state: () => call<WorkshopState>('GET', '/api/workshop'),
  start: (plan: Workshop) => call<WorkshopState>('PUT', '/api/workshop', { plan }),
  end: () => call<WorkshopState>('DELETE', '/api/workshop'),
  setLimits: (limits: WorkshopLimits) =>
    call<WorkshopLimits>('PUT', '/api/workshop/limits', limits),
  paths: () => call<LearningPathView[]>('GET', '/api/paths'),
};
