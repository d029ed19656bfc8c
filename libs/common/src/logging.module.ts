import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@tongxin/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { redactUrl } from './log-redaction';

/** Request headers worth a log line; everything else (authorization, cookies, forwarded addresses…) is left out. */
const LOGGED_HEADERS = ['user-agent', 'content-type', 'content-length', 'referer'] as const;

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}

/**
 * JSON logs through pino, one line a request. A request is logged as method, redacted url (link tokens replaced by
 * a short fingerprint, see log-redaction.ts), a few harmless headers and the client address: no params, query
 * object, body, cookies or authorization, so no secret a request carries reaches the log.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        pinoHttp: {
          level: config.get('LOG_LEVEL', { infer: true }),
          serializers: {
            req: (req: SerializedRequest) => ({
              id: req.id,
              method: req.method,
              url: redactUrl(req.url ?? ''),
              headers: Object.fromEntries(
                LOGGED_HEADERS.filter((h) => req.headers?.[h] !== undefined).map((h) => [h, req.headers?.[h]]),
              ),
              remoteAddress: req.remoteAddress,
            }),
            res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
