// The gateway's calls to services: through the registry with a service token and the user's id,
// counted per service and instance; what fails answers the client 502 naming the service.
import type { FastifyReply } from 'fastify';
import type { CallOptions, CallResult } from '../lib/service-client.ts';
import { UpstreamError } from '../lib/service-client.ts';
import { NoInstance } from '../lib/registry-client.ts';
import type { Service } from '../lib/service.ts';

/** A service answered 5xx, or could not be reached: the gateway answers 502. */
export class BadGateway extends Error {
  constructor(
    readonly service: string,
    message: string,
  ) {
    super(message);
  }
}

export type Caller = <T>(
  service: string,
  path: string,
  userId: string,
  options?: CallOptions,
) => Promise<CallResult<T>>;

export function upstreamCaller(service: Service): Caller {
  const requests = service.metrics.counter(
    'shop_gateway_upstream_requests_total',
    'Calls to services, by the instance that answered',
    ['service', 'instance', 'outcome'],
  );
  return async (callee, path, userId, options = {}) => {
    try {
      const result = await service.client.call<never>(callee, path, {
        ...options,
        headers: { 'x-user-id': userId, ...options.headers },
      });
      const outcome = result.status >= 500 ? 'error' : 'ok';
      requests.inc({ service: callee, instance: result.instance, outcome });
      if (result.status >= 500) throw new BadGateway(callee, `${callee} answered ${result.status}`);
      return result;
    } catch (error) {
      if (error instanceof BadGateway) throw error;
      const instance = error instanceof UpstreamError ? (error.instance ?? 'none') : 'none';
      requests.inc({ service: callee, instance, outcome: 'error' });
      if (error instanceof UpstreamError || error instanceof NoInstance) {
        throw new BadGateway(callee, error.message);
      }
      throw error;
    }
  };
}

/** Installs the 502 answer for BadGateway on the app's error handler. */
export function answerBadGateway(service: Service): void {
  const errors = service.metrics.counter(
    'shop_gateway_upstream_errors_total',
    'Upstream failures answered 502',
    ['service'],
  );
  service.app.setErrorHandler(async (error, _request, reply: FastifyReply) => {
    if (error instanceof BadGateway) {
      errors.inc({ service: error.service });
      return reply
        .code(502)
        .send({ error: 'upstream', service: error.service, detail: error.message });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ error: (error as Error).message });
  });
}
