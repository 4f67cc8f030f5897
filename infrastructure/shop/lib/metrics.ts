// The service's Prometheus registry: prom-client's default process metrics, the request
// counter and duration histogram every service exposes, and the service's own metrics.
import client from 'prom-client';

export type { Counter, Gauge, Histogram } from 'prom-client';

export class ServiceMetrics {
  readonly registry = new client.Registry();
  readonly requests: client.Counter<'route' | 'status'>;
  readonly duration: client.Histogram<'route'>;
  /** Service tokens (and the gateway's user tokens) refused, by reason. */
  readonly authRefused: client.Counter<'reason'>;

  constructor(labels: { service: string; instance: string }) {
    this.registry.setDefaultLabels(labels);
    client.collectDefaultMetrics({ register: this.registry });
    this.requests = this.counter('http_server_requests_total', 'Requests answered', [
      'route',
      'status',
    ]);
    this.duration = new client.Histogram({
      name: 'http_server_duration_seconds',
      help: 'Time to answer a request',
      labelNames: ['route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.authRefused = this.counter('shop_auth_refused_total', 'Tokens refused', ['reason']);
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): client.Counter<L> {
    return new client.Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: L[] = []): client.Gauge<L> {
    return new client.Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
