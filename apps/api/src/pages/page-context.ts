import { CanActivate, ExecutionContext, Injectable, NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DomainError, ErrorCode } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isLang, Lang } from './i18n';

export const LANG_COOKIE = 'tx_lang';
export const CSRF_COOKIE = 'tx_csrf';
export const SESSION_COOKIE = 'tx_session';

/** What the pages middleware leaves in res.locals for the templates and the controllers. */
export interface PageResponseLocals {
  lang: Lang;
  /** Whether the browser chose the language (a ?lang= switch, remembered in a cookie), or it is still a default. */
  langChosen: boolean;
  /** The current page in the other language. */
  langSwitchUrl: string;
  otherLang: Lang;
  csrf: string;
}

export function localsOf(res: Response): PageResponseLocals {
  return res.locals as PageResponseLocals;
}

/**
 * The page's language: the browser's choice when it made one, else the event's (or Chinese). Call it once the
 * page knows its default, before rendering.
 */
export function usePageLanguage(res: Response, fallback: Lang): Lang {
  const locals = localsOf(res);
  if (!locals.langChosen) {
    locals.lang = fallback;
    locals.otherLang = fallback === 'zh' ? 'en' : 'zh';
    locals.langSwitchUrl = switchUrl(res.req.originalUrl, locals.otherLang);
  }
  return locals.lang;
}

function switchUrl(originalUrl: string, lang: Lang): string {
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

/** Cookie settings shared by the pages: HttpOnly, SameSite=Lax, Secure when the site is served over https. */
export function cookieOptions(config: ConfigService<Env, true>, maxAgeMs?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.get('PUBLIC_URL', { infer: true }).startsWith('https:'),
    path: '/',
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  };
}

/** The form token of a browser: an HMAC of its random CSRF cookie, so a page from another site cannot know it. */
@Injectable()
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(config: ConfigService<Env, true>) {
    this.key = createHash('sha256')
      .update(`tongxin:csrf:${config.get('JWT_SECRET', { infer: true })}`)
      .digest();
  }

  tokenFor(cookie: string): string {
    return createHmac('sha256', this.key).update(cookie).digest('base64url');
  }

  matches(cookie: unknown, token: unknown): boolean {
    if (typeof cookie !== 'string' || typeof token !== 'string' || cookie.length < 20) return false;
    const expected = Buffer.from(this.tokenFor(cookie));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** On every page request: the language (?lang= remembered per browser) and the browser's CSRF cookie and form token. */
@Injectable()
export class PageContextMiddleware implements NestMiddleware {
  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly csrf: CsrfTokens,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    const asked = req.query.lang;
    let chosen: Lang | undefined;
    if (isLang(asked)) {
      chosen = asked;
      res.cookie(LANG_COOKIE, asked, cookieOptions(this.config, 365 * 24 * 3600_000));
    } else if (isLang(cookies[LANG_COOKIE])) {
      chosen = cookies[LANG_COOKIE];
    }
    let browser = cookies[CSRF_COOKIE];
    if (!browser || browser.length < 20) {
      browser = randomBytes(24).toString('base64url');
      res.cookie(CSRF_COOKIE, browser, cookieOptions(this.config));
      req.cookies = { ...cookies, [CSRF_COOKIE]: browser };
    }
    const lang = chosen ?? 'zh';
    const otherLang: Lang = lang === 'zh' ? 'en' : 'zh';
    const locals: PageResponseLocals = {
      lang,
      langChosen: chosen !== undefined,
      otherLang,
      langSwitchUrl: switchUrl(req.originalUrl, otherLang),
      csrf: this.csrf.tokenFor(browser),
    };
    Object.assign(res.locals, locals);
    // Pages show personal data to the person they belong to: never keep them in a shared cache.
    res.setHeader('Cache-Control', 'private, no-store');
    next();
  }
}

/**
 * Every page form post carries `_csrf` (a hidden field; in the query string of multipart forms, whose body is read
 * after the guards run) matching the browser's cookie. SameSite=Lax cookies are the first wall, this the second.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const token = body._csrf ?? req.query._csrf ?? req.headers['x-csrf-token'];
    const cookie = (req.cookies as Record<string, unknown> | undefined)?.[CSRF_COOKIE];
    if (!this.csrf.matches(cookie, token)) {
      throw new DomainError(ErrorCode.FORM_EXPIRED, 'The form token is missing or does not match this browser');
    }
    return true;
  }
}
