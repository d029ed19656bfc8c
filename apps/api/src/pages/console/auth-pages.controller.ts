import { Body, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccountsService } from '@tongxin/accounts';
import type { Env } from '@tongxin/config';
import type { Request, Response } from 'express';
import { LoginDto } from '../../auth/dto/auth.dto';
import { RateLimit } from '../../rate-limit/rate-limit.policies';
import { formErrorOf, readForm } from '../forms';
import { cookieOptions, SESSION_COOKIE } from '../page-context';
import { PageController } from '../page-controller';

/** Only a path of this site: never an absolute URL another site could slip in (open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/console';
}

@PageController('console')
export class AuthPagesController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  @Get('login')
  login(@Query('next') next: string | undefined, @Query('out') out: string | undefined, @Res() res: Response): void {
    res.render('console/login', { pageTitle: 'login.title', next: next && safeNext(next), loggedOut: out === '1' });
  }

  @Post('login')
  @HttpCode(200)
  @RateLimit('auth')
  async signIn(
    @Body() body: Record<string, unknown>,
    @Query('next') next: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const values = { email: body.email };
    const form = await readForm(LoginDto, { email: body.email, password: body.password });
    if (!form.ok) {
      res.status(400).render('console/login', { values, next, fieldErrors: form.fieldErrors });
      return;
    }
    try {
      const { organizer } = await this.accounts.login(form.value);
      const session = await this.accounts.startSession(organizer.id);
      res.cookie(SESSION_COOKIE, session.token, cookieOptions(this.config, session.maxAgeMs));
      res.redirect(303, safeNext(next));
    } catch (error) {
      res.status(401).render('console/login', { values, next, ...formErrorOf(error) });
    }
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.accounts.endSession((req.cookies as Record<string, string | undefined>)[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, cookieOptions(this.config));
    res.redirect(303, '/console/login?out=1');
  }
}
