// The UI's own telemetry: Grafana Faro with the playground server as its collector
// (POST /api/telemetry). Web vitals, uncaught errors and page views reach the server, which
// counts them in /metrics and shows the latest on the Infrastructure page.
import { faro, getWebInstrumentations, initializeFaro } from '@grafana/faro-web-sdk';
import { renderStats } from '../perf/render-stats';

let started = false;

export function startTelemetry(): void {
  if (started) return;
  started = true;
  try {
    initializeFaro({
      url: '/api/telemetry',
      app: { name: 'playground-ui', version: __APP_VERSION__, environment: import.meta.env.MODE },
      instrumentations: getWebInstrumentations({
        captureConsole: false,
        // Resource timings for every API call would be most of the traffic and say little here.
        enablePerformanceInstrumentation: false,
      }),
      batching: { enabled: true, sendTimeout: 2000, itemLimit: 50 },
      sessionTracking: { enabled: true, persistent: false },
      // Benign browser noise, not a fault of the page.
      ignoreErrors: [/ResizeObserver loop/],
    });
  } catch (error) {
    console.warn('telemetry disabled:', error);
    return;
  }
  // How fast live frames reach the charts, as seen by this browser, once a minute while it draws.
  let reported = 0;
  setInterval(() => {
    const stats = renderStats.summary();
    if (stats.frames === reported) return;
    reported = stats.frames;
    faro.api?.pushMeasurement({
      type: 'live-charts',
      values: {
        frame_to_dom_p50_ms: stats.p50,
        frame_to_dom_p99_ms: stats.p99,
        frames: stats.frames,
      },
    });
  }, 60_000);
}

export function reportError(error: Error, context: Record<string, string> = {}): void {
  try {
    faro.api?.pushError(error, { context });
  } catch {
    // Telemetry must never break the page.
  }
}
