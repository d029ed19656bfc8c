import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto } from '@tongxin/common';
import { ClusterMetrics, MetricsRegistry } from '@tongxin/metrics';
import { Registry } from 'prom-client';
import { MetricsTokenGuard } from './metrics-token.guard';

/**
 * Prometheus' scrape target. Not an organizer route (@Public: the AuthGuard lets it through) and under no rate limit;
 * MetricsTokenGuard asks for METRICS_TOKEN when it is set.
 */
@ApiTags('platform')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly own: MetricsRegistry,
    private readonly cluster: ClusterMetrics,
  ) {}

  @Get()
  @UseGuards(MetricsTokenGuard)
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Metrics in the Prometheus text format',
    description:
      'This process: HTTP requests and durations by route template and status, Node.js process metrics. The whole ' +
      'platform, read from PostgreSQL and the queue backend at each scrape (the same from every api; aggregate with ' +
      'max()): registrations by status, outbox messages by status and kind, the age of the oldest queued message, ' +
      'pending timers, jobs per queue and state. When the server sets METRICS_TOKEN, send ' +
      '`Authorization: Bearer <METRICS_TOKEN>` (not an organizer token); without it the route is open, so keep it ' +
      'off the public proxy.',
    security: [],
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string', example: 'tongxin_registrations{status="confirmed"} 46' } } },
  })
  @ApiUnauthorizedResponse({
    type: ApiErrorDto,
    description: 'UNAUTHORIZED: METRICS_TOKEN is set and the request does not carry it',
  })
  async scrape(): Promise<string> {
    const cluster = await this.cluster.collect();
    return Registry.merge([this.own.registry, cluster]).metrics();
  }
}
