// Every error reply comes from here: handlers throw (apiError, ParamsError, RunLimitError, a
// schema error) and this turns it into `{ statusCode, error, message, field?, bound?, value?,
// errors? }`. Registered first, so every plugin and route loads under these handlers.
import { STATUS_CODES } from 'node:http';
import fp from 'fastify-plugin';
import { httpErrors } from '@fastify/sensible';
import type { HttpError } from '@fastify/sensible';
import type { FastifyError, FastifyReply } from 'fastify';
import { ParamsError } from '@playground/scenarios';
import { RunLimitError } from '../engine/index.ts';
import type { ApiErrorBody } from '../routes/schemas.ts';
import { describeValidation } from './validation-errors.ts';

export type ErrorDetails = Pick<ApiErrorBody, 'field' | 'bound' | 'value' | 'errors'>;
const DETAIL_KEYS = ['field', 'bound', 'value', 'errors'] as const;

/** An error to throw from a handler or hook; `details` name the field, bound and value. */
export function apiError(status: number, message: string, details: ErrorDetails = {}): HttpError {
  return httpErrors.createError(status, message, details);
}

function paramsDetails(error: ParamsError): ErrorDetails {
  const field = (name: string): string => (name === '' ? 'params' : `params.${name}`);
  const first = error.errors[0];
  return {
    ...(first ? { field: field(first.field), value: first.value } : {}),
    ...(first?.bound !== undefined ? { bound: first.bound } : {}),
    errors: error.errors.map((e) => ({ ...e, field: field(e.field) })),
  };
}

function detailsOf(error: object): ErrorDetails {
  const details: Record<string, unknown> = {};
  for (const key of DETAIL_KEYS) if (key in error) details[key] = (error as ErrorDetails)[key];
  return details;
}

function send(
  reply: FastifyReply,
  status: number,
  message: string,
  details: ErrorDetails,
): FastifyReply {
  const body: ApiErrorBody = {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    ...details,
  };
  return reply.code(status).send(body);
}

export default fp(
  async (app) => {
    app.setNotFoundHandler((request, reply) => {
      void reply.send(apiError(404, `no route for ${request.method} ${request.url}`));
    });
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation) {
        const errors = describeValidation(error.validationContext, error.validation);
        const { message: _, ...first } = errors[0] ?? { message: '' };
        return send(reply, 400, errors.map((e) => e.message).join('; '), { ...first, errors });
      }
      if (error instanceof ParamsError) {
        return send(reply, 400, error.message, paramsDetails(error));
      }
      if (error instanceof RunLimitError) {
        return send(reply, 429, error.message, { bound: error.limit });
      }
      const status =
        error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      // A 503 says which broker is missing; only an unexpected failure keeps its text to the log.
      if (status === 500) return send(reply, 500, 'internal error; see the server log', {});
      return send(reply, status, error.message, detailsOf(error));
    });
  },
  { name: 'errors' },
);
