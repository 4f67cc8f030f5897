// Counts each business request the moment it arrives, before the live delay or an injected
// failure, in `shop_requests_received_total{route}`. `http_server_requests_total` counts answers
// when they are sent, so a request the caller gave up on is counted late (after the delay) or
// not at all; what a circuit breaker spares a service is the arrivals, and this counts those.
import type { ServiceApp } from '../lib/app.ts';

const OPERATIONS = new Set(['/health', '/metrics', '/_control']);

export function countReceived(service: ServiceApp): void {
  const received = service.metrics.counter(
    'shop_requests_received_total',
    'Business requests received, counted on arrival',
    ['route'],
  );
  service.app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    if (route === undefined || OPERATIONS.has(route)) return;
    received.inc({ route });
  });
}
