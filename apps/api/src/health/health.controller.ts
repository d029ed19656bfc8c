import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '@tongxin/accounts';
import { QueueHealth } from '@tongxin/queue';
import type { Response } from 'express';

type State = 'up' | 'down';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'], description: 'PostgreSQL' }) db: State;
  @ApiProperty({ enum: ['up', 'down'], description: 'The queue backend: Redis, or PostgreSQL in the embedded mode' })
  queue: State;
}

const TIMEOUT_MS = 2_000;

@ApiTags('platform')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queue: QueueHealth,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness of the api and its dependencies' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency is down' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
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
      res.status(503);
    }
    const state = (key: string): State => (result.details?.[key]?.status === 'up' ? 'up' : 'down');
    return { status: result.status === 'ok' ? 'ok' : 'error', db: state('db'), queue: state('queue') };
  }
}
