import { Injectable } from '@nestjs/common';
import { METRIC_PREFIX, MetricsRegistry } from '@tongxin/metrics';
import { Counter, Histogram } from 'prom-client';

/** Label of a request no route matched (unknown paths): raw URLs never become labels, so the series stay bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The HTTP requests this process answered, by route template (`/api/events/:id`), method and status. */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route'>;

  constructor(metrics: MetricsRegistry) {
    this.requests = new Counter({
      name: `${METRIC_PREFIX}http_requests_total`,
      help: 'HTTP requests answered by this process, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [metrics.registry],
    });
    this.durations = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'Time from a request reaching the routes to its response being handed to the socket, by method and route',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metrics.registry],
    });
  }

  record(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.durations.observe({ method, route }, seconds);
  }
}
