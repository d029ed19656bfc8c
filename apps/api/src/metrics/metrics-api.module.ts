import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { MetricsModule } from '@tongxin/metrics';
import { HttpMetrics } from './http-metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';

/** GET /api/metrics, and the HTTP request metrics of every route (middleware on all of them). */
@Module({
  imports: [MetricsModule],
  controllers: [MetricsController],
  providers: [HttpMetrics],
})
export class MetricsApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
