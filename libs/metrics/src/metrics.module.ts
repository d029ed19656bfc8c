import { Module } from '@nestjs/common';
import { QueueModule } from '@tongxin/queue';
import { ClusterMetrics } from './cluster-metrics';
import { MetricsRegistry } from './metrics-registry';

/** The metrics registry of the process and the cluster-wide gauges read at scrape time. */
@Module({
  imports: [QueueModule],
  providers: [MetricsRegistry, ClusterMetrics],
  exports: [MetricsRegistry, ClusterMetrics],
})
export class MetricsModule {}
