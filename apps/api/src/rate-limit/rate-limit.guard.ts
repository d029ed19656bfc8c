import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@tongxin/common';
import type { Request, Response } from 'express';
import { RATE_LIMIT_METADATA, RATE_LIMITS, RateLimitName } from './rate-limit.policies';
import { RateLimiterService } from './rate-limiter.service';

/**
 * Global guard (after the AuthGuard, so an organizer is known): counts a request against the limits its route
 * names with @RateLimit(...). Over a limit: 429 RATE_LIMITED with Retry-After, and the route does not run.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiterService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const names = this.reflector.getAllAndOverride<RateLimitName[] | undefined>(RATE_LIMIT_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!names?.length) return true;
    const req = context.switchToHttp().getRequest<Request>();
    for (const name of names) {
      const policy = RATE_LIMITS[name];
      const key = policy.key(req);
      if (key === undefined) continue;
      const cost = 'cost' in policy ? policy.cost(req) : 1;
      const verdict = await this.limiter.consume(name, key, cost);
      if (!verdict.allowed) {
        context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(verdict.retryAfterSeconds));
        throw new DomainError(
          ErrorCode.RATE_LIMITED,
          `Too many ${policy.what}: try again in ${verdict.retryAfterSeconds} s`,
          { limit: policy.setting, retryAfterSeconds: verdict.retryAfterSeconds },
        );
      }
    }
    return true;
  }
}
