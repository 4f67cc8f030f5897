// The follow-one-request API (playground-server/src/routes/traces.ts), typed from its schemas.
import { request } from '../api/client';
import type { TraceDetail, TraceList } from '../../../scenarios/src/sdk/trace-schemas.ts';
import type { SpanSystem } from '../../../scenarios/src/sdk/traces.ts';

export type { TraceDetail, TraceList };
export type { SpanSystem, TraceSpan, TraceSummary } from '../../../scenarios/src/sdk/traces.ts';

const enc = encodeURIComponent;

export const tracesApi = {
  /** `crosses`: only traces crossing every one of these systems. */
  list: (runId: string, options: { limit?: number; crosses?: readonly SpanSystem[] } = {}) => {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.crosses !== undefined && options.crosses.length > 0)
      query.set('crosses', options.crosses.join(','));
    const qs = query.toString();
    return request<TraceList>('GET', `/api/runs/${enc(runId)}/traces${qs ? `?${qs}` : ''}`);
  },
  get: (runId: string, traceId: string) =>
    request<TraceDetail>('GET', `/api/runs/${enc(runId)}/traces/${enc(traceId)}`),
};
