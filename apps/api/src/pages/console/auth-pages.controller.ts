import { Body, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccountsService, PasswordResetsService } from '@tongxin/accounts';
import { DomainError, ErrorCode, httpStatusOf } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import type { Request, Response } from 'express';
import { LoginDto, NewPasswordDto, PasswordResetRequestDto, SignupDto } from '../../auth/dto/auth.dto';
import { RateLimit } from '../../rate-limit/rate-limit.policies';
import { formErrorOf, readForm } from '../forms';
import { translate } from '../i18n';
import { cookieOptions, localsOf, SESSION_COOKIE } from '../page-context';
import { PageController } from '../page-controller';

/** Only a path of this site: never an absolute URL another site could slip in (open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/console';
}

/** `next` for the login form's action, encoded. */
const nextParam = (next: string | undefined) => (next ? encodeURIComponent(safeNext(next)) : undefined);

const sessionOf = (req: Request) => (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE];

/** Signing up, in and out of the console, and a forgotten password (the same services as /api/auth). */
@PageController('console')
export class AuthPagesController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly passwordResets: PasswordResetsService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  private title(res: Response, key: string): string {
    return translate(localsOf(res).lang, key);
  }

  /** Starts a console session for the organizer and sends the browser on. */
  private async signIn(res: Response, organizerId: string, next: string): Promise<void> {
    const session = await this.accounts.startSession(organizerId);
    res.cookie(SESSION_COOKIE, session.token, cookieOptions(this.config, session.maxAgeMs));
    res.redirect(303, next);
  }

  @Get('login')
  async login(
    @Query('next') next: string | undefined,
    @Query('out') out: string | undefined,
    @Query('reset') reset: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // Already signed in: nothing to do here.
    if (out !== '1' && (await this.accounts.sessionActor(sessionOf(req)))) {
      res.redirect(303, safeNext(next));
      return;
    }
    res.render('console/login', {
      pageTitle: this.title(res, 'login.title'),
      nextParam: nextParam(next),
      loggedOut: out === '1',
      passwordChanged: reset === '1',
    });
  }

  @Post('login')
  @HttpCode(200)
  @RateLimit('auth')
  async logIn(
    @Body() body: Record<string, unknown>,
    @Query('next') next: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const values = { email: body.email };
    const page = { pageTitle: this.title(res, 'login.title'), values, nextParam: nextParam(next) };
    const form = await readForm(LoginDto, { email: body.email, password: body.password });
    if (!form.ok) {
      res.status(400).render('console/login', { ...page, fieldErrors: form.fieldErrors });
      return;
    }
    try {
      const { organizer } = await this.accounts.login(form.value);
      await this.signIn(res, organizer.id, safeNext(next));
    } catch (error) {
      res.status(401).render('console/login', { ...page, ...formErrorOf(error) });
    }
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.accounts.endSession(sessionOf(req));
    res.clearCookie(SESSION_COOKIE, cookieOptions(this.config));
    res.redirect(303, '/console/login?out=1');
  }

  @Get('signup')
  signupPage(@Res() res: Response): void {
    res.render('console/signup', { pageTitle: this.title(res, 'signup.title') });
  }

  @Post('signup')
  @HttpCode(200)
  @RateLimit('auth')
  async signup(@Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = { email: body.email, name: body.name };
    const page = { pageTitle: this.title(res, 'signup.title'), values };
    const form = await readForm(SignupDto, { email: body.email, password: body.password, name: body.name });
    if (!form.ok) {
      res.status(400).render('console/signup', { ...page, fieldErrors: form.fieldErrors });
      return;
    }
    try {
      const { organizer } = await this.accounts.signup(form.value);
      await this.signIn(res, organizer.id, '/console?welcome=1');
    } catch (error) {
      const shown = formErrorOf(error, { [ErrorCode.EMAIL_TAKEN]: 'email' });
      res.status(409).render('console/signup', { ...page, ...shown });
    }
  }

  @Get('forgot-password')
  forgotPage(@Query('sent') sent: string | undefined, @Res() res: Response): void {
    res.render('console/forgot-password', { pageTitle: this.title(res, 'forgot.title'), sent: sent === '1' });
  }

  /** Always the same answer, whether an account uses the address or not. */
  @Post('forgot-password')
  @HttpCode(200)
  @RateLimit('auth', 'mail', 'passwordResetEmail')
  async forgot(@Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const form = await readForm(PasswordResetRequestDto, { email: body.email, locale: localsOf(res).lang });
    if (!form.ok) {
      res.status(400).render('console/forgot-password', {
        pageTitle: this.title(res, 'forgot.title'),
        values: { email: body.email },
        fieldErrors: form.fieldErrors,
      });
      return;
    }
    await this.passwordResets.request(form.value);
    res.redirect(303, '/console/forgot-password?sent=1');
  }

  @Get('reset-password/:token')
  @RateLimit('link')
  async resetPage(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const page = { pageTitle: this.title(res, 'reset.title'), token };
    try {
      await this.passwordResets.check(token);
    } catch (error) {
      this.renderDeadLink(res, error, page);
      return;
    }
    res.render('console/reset-password', page);
  }

  @Post('reset-password/:token')
  @HttpCode(200)
  @RateLimit('auth', 'link')
  async reset(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const page = { pageTitle: this.title(res, 'reset.title'), token };
    const form = await readForm(NewPasswordDto, { password: body.password });
    if (!form.ok || body.password !== body.passwordAgain) {
      const fieldErrors = form.ok ? { passwordAgain: ['reset.mismatch'] } : form.fieldErrors;
      res.status(400).render('console/reset-password', { ...page, fieldErrors });
      return;
    }
    try {
      await this.passwordResets.reset(token, form.value.password);
    } catch (error) {
      this.renderDeadLink(res, error, page);
      return;
    }
    // Every session of the account has ended, this browser's too.
    if (sessionOf(req)) res.clearCookie(SESSION_COOKIE, cookieOptions(this.config));
    res.redirect(303, '/console/login?reset=1');
  }

  /** A reset link that does not (or no longer) work: say so, and offer a new one. */
  private renderDeadLink(res: Response, error: unknown, page: Record<string, unknown>): void {
    if (!(error instanceof DomainError) || ![ErrorCode.NOT_FOUND, ErrorCode.LINK_EXPIRED].includes(error.code)) {
      throw error;
    }
    res.status(httpStatusOf(error.code)).render('console/reset-password', {
      ...page,
      dead: true,
      formError: { key: 'reset.deadLink' },
    });
  }
}
