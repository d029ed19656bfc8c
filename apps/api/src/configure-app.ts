import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { json } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { configurePages, PAGE_ROUTES } from './pages/pages.setup';
import { createOpenApiDocument } from './openapi';
import { refuseDeepJson } from './json-depth';

/** Everything about the HTTP surface that is not a route: shared by main.ts, the embedded start and the tests. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api', { exclude: PAGE_ROUTES });
  app.set('trust proxy', config.get('TRUST_PROXY', { infer: true }));
  app.disable('x-powered-by');
  // Every JSON body, API or page, is checked for depth before it is parsed (json-depth.ts): express' own parser,
  // since useBodyParser keeps `verify` for Nest's rawBody. Forms use the flat parser: `extended: false` is qs at
  // depth 0, so `a[b][c]` stays one literal key and nothing nests.
  app.use(json({ limit: '1mb', verify: refuseDeepJson }));
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.use(
    helmet({
      // Swagger UI loads its own inline styles and scripts.
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins, maxAge: 600 });
  app.useGlobalPipes(createValidationPipe());
  configurePages(app);

  SwaggerModule.setup('api/docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
