import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HttpMetrics, UNMATCHED_ROUTE } from './http-metrics';

/**
 * Counts every request that reaches the routes (pages too), once its response is finished. The route is the
 * template Express matched (`req.route.path`, e.g. `/api/events/:id`), read when the response is done, after
 * routing: a request rejected by a guard still counts under its route, one no route matched as `unmatched`.
 * Requests refused earlier (a body too large or malformed, refused by the body parser) are not counted.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.metrics.record(req.method, routeOf(req), res.statusCode, seconds);
    });
    next();
  }
}

/** Nest answers unknown paths under the global prefix with a catch-all route of this path (its 404 handler). */
const NOT_FOUND_ROUTE = '*path';

function routeOf(req: Request): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && path !== NOT_FOUND_ROUTE ? path : UNMATCHED_ROUTE;
}
