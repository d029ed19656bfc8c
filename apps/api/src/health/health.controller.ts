import { Controller, Get, OnModuleDestroy, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '@tongxin/accounts';
import { shutdownSignalled } from '@tongxin/common';
import { QueueHealth } from '@tongxin/queue';
import type { Response } from 'express';

type State = 'up' | 'down';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'], description: 'PostgreSQL' }) db: State;
  @ApiProperty({ enum: ['up', 'down'], description: 'The queue backend: Redis, or PostgreSQL in the embedded mode' })
  queue: State;
}

export class ReadinessDto extends HealthDto {
  @ApiProperty({ description: 'The process has begun shutting down (SIGTERM): send it no new requests' })
  stopping: boolean;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

const TIMEOUT_MS = 2_000;

/**
 * Liveness (`/health/live`: the process serves HTTP; restart it when this fails) apart from readiness
 * (`/health/ready`: it can do its work, PostgreSQL and the queue backend answer and it is not shutting down; take it
 * out of the load balancer while this fails). A PostgreSQL blip fails readiness on every api, never liveness, so an
 * orchestrator does not restart them all. `/health` is the dependency check alone, as it always was.
 */
@ApiTags('platform')
@Public()
@Controller('health')
export class HealthController implements OnModuleDestroy {
  /** Set by the first shutdown hook (app.close()), while HTTP still serves. */
  private closing = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queue: QueueHealth,
  ) {}

  onModuleDestroy(): void {
    this.closing = true;
  }

  /** From the stop signal on (HTTP drains before the app closes), or once the app is closing. */
  private get stopping(): boolean {
    return this.closing || shutdownSignalled();
  }

  @Get()
  @ApiOperation({ summary: 'Health of the api and its dependencies (PostgreSQL, the queue backend)', security: [] })
  @ApiOkResponse({ type: HealthDto, description: 'PostgreSQL and the queue backend answer' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency is down' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const health = await this.dependencies();
    if (health.status !== 'ok') res.status(503);
    return health;
  }

  @Get('live')
  @ApiOperation({
    summary: 'Liveness: the process serves HTTP (no dependency is checked)',
    security: [],
  })
  @ApiOkResponse({ type: LivenessDto, description: 'The process answers' })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: PostgreSQL and the queue backend answer, and the process is not shutting down',
    security: [],
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'Ready for requests' })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description: 'A dependency is down, or the process is stopping',
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const health = await this.dependencies();
    const ready = health.status === 'ok' && !this.stopping;
    if (!ready) res.status(503);
    return { ...health, status: ready ? 'ok' : 'error', stopping: this.stopping };
  }

  private async dependencies(): Promise<HealthDto> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.db.pingCheck('db', { timeout: TIMEOUT_MS }),
        () =>
          this.indicators
            .check('queue')
            .attempt(() => this.queue.ping())
            .withTimeout(TIMEOUT_MS),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const state = (key: string): State => (result.details?.[key]?.status === 'up' ? 'up' : 'down');
    return { status: result.status === 'ok' ? 'ok' : 'error', db: state('db'), queue: state('queue') };
  }
}
