// The Faro collector: the UI reports its own web vitals, errors and events here, so the
// playground observes itself. Reports are schema-checked, size- and rate-limited, counted in
// /metrics, logged, and the latest kept (bounded) for the Infrastructure page.
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { TelemetryLatestSchema } from '../routes/schemas.ts';
import type { TelemetryLatest } from '../routes/schemas.ts';

/** Faro's own limit for a beacon is 60 kB; a batch of ordinary reports is far below this. */
export const TELEMETRY_BODY_LIMIT = 256 * 1024;
/** Reports per client IP per minute; Faro batches, so a busy page sends a few a minute. */
export const TELEMETRY_RATE_LIMIT = 120;
const MAX_ERRORS = 20;
const MAX_ITEMS = 500;

const Str = (maxLength: number) => Type.String({ maxLength });
const StringMap = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 4096 }));

const Meta = Type.Object(
  {
    app: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Str(200)),
          version: Type.Optional(Str(100)),
          environment: Type.Optional(Str(100)),
        },
        { additionalProperties: true },
      ),
    ),
    page: Type.Optional(
      Type.Object({ url: Type.Optional(Str(2048)) }, { additionalProperties: true }),
    ),
    session: Type.Optional(
      Type.Object({ id: Type.Optional(Str(200)) }, { additionalProperties: true }),
    ),
    browser: Type.Optional(
      Type.Object(
        { name: Type.Optional(Str(200)), version: Type.Optional(Str(100)) },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

const Measurement = Type.Object(
  {
    type: Str(200),
    values: Type.Record(Type.String({ maxLength: 200 }), Type.Number()),
    timestamp: Str(64),
    context: Type.Optional(StringMap),
  },
  { additionalProperties: true },
);

const StackFrame = Type.Object(
  {
    filename: Type.Optional(Str(2048)),
    function: Type.Optional(Str(1024)),
    lineno: Type.Optional(Type.Number()),
    colno: Type.Optional(Type.Number()),
  },
  { additionalProperties: true },
);

const Exception = Type.Object(
  {
    type: Str(200),
    value: Str(8192),
    timestamp: Str(64),
    stacktrace: Type.Optional(
      Type.Object(
        { frames: Type.Array(StackFrame, { maxItems: 200 }) },
        { additionalProperties: true },
      ),
    ),
    context: Type.Optional(StringMap),
  },
  { additionalProperties: true },
);

const Log = Type.Object(
  {
    message: Str(8192),
    level: Str(20),
    timestamp: Str(64),
    context: Type.Optional(Type.Union([StringMap, Type.Null()])),
  },
  { additionalProperties: true },
);

const Event = Type.Object(
  {
    name: Str(200),
    timestamp: Str(64),
    domain: Type.Optional(Str(200)),
    attributes: Type.Optional(StringMap),
  },
  { additionalProperties: true },
);

export const TelemetryBody = Type.Object(
  {
    meta: Meta,
    logs: Type.Optional(Type.Array(Log, { maxItems: MAX_ITEMS })),
    exceptions: Type.Optional(Type.Array(Exception, { maxItems: MAX_ITEMS })),
    measurements: Type.Optional(Type.Array(Measurement, { maxItems: MAX_ITEMS })),
    events: Type.Optional(Type.Array(Event, { maxItems: MAX_ITEMS })),
    traces: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);
type TelemetryReport = Static<typeof TelemetryBody>;

type LatestTelemetry = TelemetryLatest;
type Vital = LatestTelemetry['vitals'][number];
type ReportedError = LatestTelemetry['errors'][number];

const KINDS = ['logs', 'exceptions', 'measurements', 'events'] as const;
const KIND_LABEL: Record<(typeof KINDS)[number] | 'traces', string> = {
  logs: 'log',
  exceptions: 'exception',
  measurements: 'measurement',
  events: 'event',
  traces: 'trace',
};
const WEB_VITALS = ['lcp', 'fcp', 'cls', 'inp', 'ttfb'];

/** The latest of what the UI reported: one value per web vital, the last errors, counts. */
class TelemetryStore {
  private readonly since = new Date().toISOString();
  private reports = 0;
  private readonly counts: Record<string, number> = {};
  private readonly vitals = new Map<string, Vital>();
  private readonly measurements = new Map<string, LatestTelemetry['measurements'][number]>();
  private readonly errors: ReportedError[] = [];

  add(report: TelemetryReport): Record<string, number> {
    this.reports++;
    const page = report.meta.page?.url ?? null;
    const counted: Record<string, number> = {};
    for (const kind of KINDS) {
      const n = report[kind]?.length ?? 0;
      if (n > 0) counted[KIND_LABEL[kind]] = n;
    }
    if (report.traces !== undefined) counted.trace = 1;
    for (const [kind, n] of Object.entries(counted))
      this.counts[kind] = (this.counts[kind] ?? 0) + n;

    for (const m of report.measurements ?? []) {
      if (m.type === 'web-vitals') {
        for (const name of WEB_VITALS) {
          const value = m.values[name];
          if (value === undefined) continue;
          this.vitals.set(name, {
            name,
            value,
            rating: m.context?.rating ?? null,
            page,
            at: m.timestamp,
          });
        }
      } else if (this.measurements.has(m.type) || this.measurements.size < 20) {
        this.measurements.set(m.type, { type: m.type, values: m.values, at: m.timestamp });
      }
    }
    const browser = report.meta.browser
      ? `${report.meta.browser.name ?? '?'} ${report.meta.browser.version ?? ''}`.trim()
      : null;
    for (const e of report.exceptions ?? []) {
      const top = e.stacktrace?.frames[0];
      this.errors.unshift({
        type: e.type,
        message: e.value.slice(0, 1000),
        where: top ? `${top.function ?? '?'} (${top.filename ?? '?'}:${top.lineno ?? '?'})` : null,
        page,
        browser,
        at: e.timestamp,
      });
    }
    if (this.errors.length > MAX_ERRORS) this.errors.length = MAX_ERRORS;
    return counted;
  }

  latest(): LatestTelemetry {
    return {
      since: this.since,
      reports: this.reports,
      counts: { ...this.counts },
      vitals: WEB_VITALS.flatMap((name) => {
        const v = this.vitals.get(name);
        return v ? [v] : [];
      }),
      measurements: [...this.measurements.values()],
      errors: [...this.errors],
    };
  }
}

// Registered under the /api prefix (app.ts), after the prometheus plugin it counts into.
const telemetry: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(rateLimit, { global: false });
  const store = new TelemetryStore();

  app.post(
    '/telemetry',
    {
      bodyLimit: TELEMETRY_BODY_LIMIT,
      config: { rateLimit: { max: TELEMETRY_RATE_LIMIT, timeWindow: '1 minute' } },
      schema: {
        tags: ['telemetry'],
        summary: "The UI's own telemetry (Grafana Faro transport payload)",
        body: TelemetryBody,
        response: { 202: Type.Object({ accepted: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const report = request.body;
      const counted = store.add(report);
      let accepted = 0;
      for (const [kind, n] of Object.entries(counted)) {
        app.prom.telemetryReports.inc({ kind }, n);
        accepted += n;
      }
      request.log.info(
        {
          telemetry: counted,
          app: report.meta.app?.name,
          page: report.meta.page?.url,
          session: report.meta.session?.id,
          errors: report.exceptions?.slice(0, 5).map((e) => `${e.type}: ${e.value.slice(0, 200)}`),
        },
        'ui telemetry',
      );
      return reply.code(202).send({ accepted });
    },
  );

  app.get(
    '/telemetry/latest',
    {
      schema: {
        tags: ['telemetry'],
        summary: 'The latest web vitals, measurements and errors the UI reported',
        response: { 200: TelemetryLatestSchema },
      },
    },
    async () => store.latest(),
  );
};

export default telemetry;
