import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric name starts with this. */
export const METRIC_PREFIX = 'tongxin_';

/**
 * What this process counts itself (prom-client): Node's own metrics (CPU, memory, event loop lag, GC, handles) under
 * the prefix, and whatever the app registers beside them. One per application instance rather than prom-client's
 * global registry, so two apps in one process (the embedded start, the tests) never register a name twice.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }
}
