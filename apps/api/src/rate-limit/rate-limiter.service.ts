import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@tongxin/config';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RATE_LIMITS, RateLimitName } from './rate-limit.policies';

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters (rate-limiter-flexible) for the policies in RATE_LIMITS. With REDIS_URL the counters are
 * in Redis under `<QUEUE_PREFIX>:rl:`, shared by every api process; if Redis stops answering, each process falls
 * back to counting in its own memory until it returns (a per-process limit is better than none, or than refusing
 * everyone). Without REDIS_URL (the embedded single process) they are in memory. Keys are hashed: no token or
 * email is stored.
 */
@Injectable()
export class RateLimiterService implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimiterService.name);
  private readonly redis?: Redis;
  private readonly limiters = new Map<RateLimitName, RateLimiterAbstract>();

  constructor(config: ConfigService<Env, true>) {
    const redisUrl = config.get('REDIS_URL', { infer: true });
    const prefix = `${config.get('QUEUE_PREFIX', { infer: true })}:rl`;
    if (redisUrl) {
      // Auto-pipelining sends the counters that concurrent requests consume in one tick as one write.
      this.redis = new Redis(redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        enableAutoPipelining: true,
      });
      this.redis.on('error', (error: Error) => this.logger.debug(`rate limit store: ${error.message}`));
    }
    for (const [name, policy] of Object.entries(RATE_LIMITS) as [
      RateLimitName,
      (typeof RATE_LIMITS)[RateLimitName],
    ][]) {
      const options = {
        keyPrefix: `${prefix}:${name}`,
        points: config.get(policy.setting, { infer: true }),
        duration: policy.windowSeconds,
      };
      const memory = new RateLimiterMemory(options);
      this.limiters.set(
        name,
        this.redis
          ? new RateLimiterRedis({
              ...options,
              storeClient: this.redis,
              rejectIfRedisNotReady: true,
              insuranceLimiter: memory,
            })
          : memory,
      );
    }
  }

  /** Uses `points` of `key`'s allowance under the named limit. */
  async consume(name: RateLimitName, key: string, points = 1): Promise<Verdict> {
    const hashed = createHash('sha256').update(key).digest('base64url');
    try {
      await this.limiters.get(name)!.consume(hashed, points);
      return { allowed: true };
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
      }
      throw outcome;
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
