import { describe, expect, it } from 'vitest';
import { parsePromText, shopMetrics } from './prom-text.ts';

const TEXT = `# HELP http_server_requests_total Requests answered
# TYPE http_server_requests_total counter
http_server_requests_total{route="/api/products/:id",status="200",service="gateway",instance="gateway-1"} 40
http_server_requests_total{route="/api/products/:id",status="429",service="gateway",instance="gateway-1"} 7
http_server_requests_total{route="/api/orders",status="201",service="gateway",instance="gateway-1"} 3
shop_gateway_rejected_total{reason="rate"} 7
http_server_duration_seconds_bucket{le="+Inf",route="/api/orders"} 3
label_escapes{msg="a \\"quoted\\" word"} 1
process_cpu_seconds_total 0.25
`;

describe('Prometheus text', () => {
  it('reads names, labels and values', () => {
    const samples = parsePromText(TEXT);
    expect(samples).toHaveLength(7);
    expect(samples[0]).toEqual({
      name: 'http_server_requests_total',
      labels: {
        route: '/api/products/:id',
        status: '200',
        service: 'gateway',
        instance: 'gateway-1',
      },
      value: 40,
    });
    expect(samples.find((s) => s.name === 'label_escapes')?.labels.msg).toBe('a "quoted" word');
    expect(samples.find((s) => s.name === 'process_cpu_seconds_total')?.value).toBe(0.25);
  });

  it('sums the samples a label filter selects', () => {
    const m = shopMetrics(TEXT);
    expect(m.value('http_server_requests_total')).toBe(50);
    expect(m.value('http_server_requests_total', { route: '/api/products/:id' })).toBe(47);
    expect(m.value('http_server_requests_total', { status: '429' })).toBe(7);
    expect(m.value('shop_gateway_rejected_total', { reason: 'auth' })).toBe(0);
    expect(m.value('no_such_metric')).toBe(0);
  });
});
