import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DomainError, ErrorCode } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * With METRICS_TOKEN set, lets a request through only with `Authorization: Bearer <METRICS_TOKEN>` (compared in
 * constant time, over SHA-256 digests so the length does not show either); without it, lets everyone through.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(config: ConfigService<Env, true>) {
    const token = config.get('METRICS_TOKEN', { infer: true });
    this.expected = token ? digest(token) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]!), this.expected)) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    throw new DomainError(ErrorCode.UNAUTHORIZED, 'GET /api/metrics needs Authorization: Bearer <METRICS_TOKEN>');
  }
}
