import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { checkInQrSvg } from '@tongxin/attendance';
import { DomainError, ErrorCode, pagePath, PublicLinks } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import type { AnswerError } from '@tongxin/events';
import { RegistrationsService } from '@tongxin/registrations';
import type { Response } from 'express';
import { RateLimit } from '../../rate-limit/rate-limit.policies';
import { UpdateOwnRegistrationDto } from '../../registrations/dto/registration.dto';
import { answerErrorsIn, AnswerValues } from '../answers';
import { formErrorOf, readForm } from '../forms';
import { usePageLanguage } from '../page-context';
import { PageController } from '../page-controller';
import { calendarFile } from './calendar-file';
import { answerChangesPosted, manageAnswers } from './manage-answers';
import { Body as FormBody, eventInLanguage, field, friendlyErrors } from './public-views';

type Manage = Awaited<ReturnType<RegistrationsService['getWithEventByToken']>>;

/**
 * An attendee's own page behind their manage link (/r/:token): status, details to correct, cancel (asked first), the
 * calendar file, the QR ticket and check-in code, the join button. The same service calls as the JSON manage routes.
 */
@PageController('r')
export class PublicRegistrationPagesController {
  private readonly mailFrom: string;

  constructor(
    private readonly registrations: RegistrationsService,
    private readonly links: PublicLinks,
    config: ConfigService<Env, true>,
  ) {
    this.mailFrom = config.get('MAIL_FROM', { infer: true });
  }

  @Get(':token')
  @RateLimit('public', 'link')
  async page(@Param('token') token: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const view = await this.registrations.getWithEventByToken(token);
    res.render('public/manage', {
      ...this.pageData(token, view, res),
      registered: query.registered === '1',
      saved: query.saved === '1',
      cancelledNow: query.cancelled === '1',
    });
  }

  /**
   * Corrects name, phone, job title or language (UpdateOwnRegistrationDto): a cleared phone or job title is removed;
   * and the answers the organizer left editable, while registration is open (a cleared one is removed).
   */
  @Post(':token')
  @HttpCode(200)
  @RateLimit('public', 'link')
  async update(@Param('token') token: string, @Body() body: FormBody, @Res() res: Response) {
    const current = await this.registrations.getWithEventByToken(token);
    const changes = answerChangesPosted(current.event, current.registration, body);
    const input = {
      name: field(body, 'name') ?? '',
      phone: field(body, 'phone')?.trim() || null,
      jobTitle: field(body, 'jobTitle')?.trim() || null,
      ...(field(body, 'locale') ? { locale: field(body, 'locale') } : {}),
      ...(changes.patch ? { answers: changes.patch } : {}),
    };
    const again = async (status: number, shown: object, errors: AnswerError[] = []) => {
      const view = await this.registrations.getWithEventByToken(token);
      const values = {
        name: input.name,
        phone: input.phone ?? '',
        jobTitle: input.jobTitle ?? '',
        locale: input.locale,
      };
      const data = this.pageData(token, view, res, { values: changes.values, errors });
      res.status(status).render('public/manage', { ...data, ...shown, values });
    };
    const form = await readForm(UpdateOwnRegistrationDto, input);
    if (!form.ok || changes.problems.length) {
      const fieldErrors = form.ok ? {} : friendlyErrors(form.fieldErrors, input);
      return again(400, { fieldErrors, editOpen: true }, changes.problems);
    }
    try {
      await this.registrations.updateByToken(token, form.value);
    } catch (error) {
      return again(409, { ...formErrorOf(error), editOpen: true }, answerErrorsIn(error));
    }
    res.redirect(303, pagePath('manage', token, '?saved=1#details'));
  }

  /** The confirmation step before cancelling (a link in a chat preview must never cancel on its own). */
  @Get(':token/cancel')
  @RateLimit('public', 'link')
  async confirmCancel(@Param('token') token: string, @Res() res: Response) {
    const view = await this.registrations.getWithEventByToken(token);
    res.render('public/cancel', this.pageData(token, view, res));
  }

  @Post(':token/cancel')
  @HttpCode(200)
  @RateLimit('public', 'link', 'mail')
  async cancel(@Param('token') token: string, @Res() res: Response) {
    await this.registrations.cancelByToken(token);
    res.redirect(303, pagePath('manage', token, '?cancelled=1'));
  }

  /** The event for the attendee's calendar, while the registration is confirmed. */
  @Get(':token/calendar.ics')
  @RateLimit('public', 'link')
  async calendar(@Param('token') token: string, @Res() res: Response) {
    const view = await this.registrations.getWithEventByToken(token);
    if (view.registration.status !== 'confirmed') {
      throw new DomainError(ErrorCode.REGISTRATION_NOT_ACTIONABLE, 'Only a confirmed registration has a calendar file');
    }
    const ics = calendarFile(view.registration, view.event, this.linksOf(token, view), this.mailFrom);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${view.event.slug}.ics"`);
    res.send(ics);
  }

  /** The check-in code as a QR image (the JSON API's qr.svg), while the registration is confirmed. */
  @Get(':token/qr.svg')
  @RateLimit('public', 'link')
  async qr(@Param('token') token: string, @Res() res: Response) {
    const code = await this.registrations.checkInCodeByToken(token);
    if (!code) {
      throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'Only a confirmed registration has a check-in code');
    }
    res.setHeader('Content-Type', 'image/svg+xml');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.send(await checkInQrSvg(code));
  }

  private linksOf(token: string, view: Manage) {
    return {
      manage: this.links.to('manage', token),
      join: view.joinToken ? this.links.to('join', view.joinToken) : null,
    };
  }

  /**
   * The page in the attendee's language (their registration's, unless the browser chose one); `posted`: the answers
   * as a refused form sent them, with what was wrong.
   */
  private pageData(
    token: string,
    view: Manage,
    res: Response,
    posted?: { values: AnswerValues; errors: AnswerError[] },
  ) {
    const { registration: r, event } = view;
    const lang = usePageLanguage(res, r.locale);
    const { title, when, where } = eventInLanguage(event, lang);
    const confirmed = r.status === 'confirmed';
    const eventCancelled = event.status === 'cancelled';
    return {
      token,
      title,
      pageTitle: title,
      noindex: true,
      bodyClass: 'pub',
      registration: r,
      statusKey: `public.status.${r.status}`,
      statusNoteKey: `public.statusNote.${r.status}`,
      registeredKey: `public.registered.${r.status}`,
      event: {
        slug: event.slug,
        kind: event.kind,
        venue: event.venue,
        cancelled: eventCancelled,
        when,
        where,
      },
      values: { name: r.name, phone: r.phone ?? '', jobTitle: r.jobTitle ?? '', locale: r.locale },
      ticket: confirmed && !eventCancelled && event.kind !== 'online' ? { code: view.checkInCode } : null,
      joinUrl: view.joinToken && !eventCancelled ? pagePath('join', view.joinToken) : null,
      calendar: confirmed && !eventCancelled,
      cancellable: r.status !== 'cancelled' && r.status !== 'rejected' && !eventCancelled,
      editable: r.status !== 'cancelled' && r.status !== 'rejected',
      brandHref: pagePath('event', event.slug),
      ...manageAnswers(event, r, lang, posted),
    };
  }
}
