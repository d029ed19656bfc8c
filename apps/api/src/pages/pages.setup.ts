import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import path from 'node:path';
import { createViewEngine, VIEWS_DIR } from './view-engine';

/** Paths the pages answer (outside the JSON API's /api prefix). */
export const PAGE_ROUTES = [
  '/',
  'e/{*rest}',
  'r/{*rest}',
  'g/{*rest}',
  'u/{*rest}',
  'j/{*rest}',
  'console',
  'console/{*rest}',
];

/** The pages' part of the HTTP surface: cookies, the Handlebars view engine, and the static assets. */
export function configurePages(app: NestExpressApplication): void {
  // Cookies are the pages' (sessions, CSRF, language); the JSON API reads none, so its requests skip the parsing.
  const parseCookies = cookieParser();
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith('/api/') ? next() : parseCookies(req, res, next),
  );
  const { engine } = createViewEngine(VIEWS_DIR);
  app.engine('hbs', engine);
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  // Stylesheet and the few scripts; the QR reader is served from its package, only the check-in page loads it.
  app.useStaticAssets(path.join(__dirname, 'assets'), { prefix: '/assets/', maxAge: '1h', index: false });
  app.useStaticAssets(path.dirname(require.resolve('jsqr')), { prefix: '/assets/vendor/', maxAge: '1d', index: false });
}
