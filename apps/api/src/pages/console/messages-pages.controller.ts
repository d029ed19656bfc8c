import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { DomainError, httpStatusOf, uuidPipe } from '@tongxin/common';
import { EventsService } from '@tongxin/events';
import { MessagesService } from '@tongxin/messages';
import { MESSAGE_KINDS, MESSAGE_STATUSES } from '@tongxin/outbox';
import type { Response } from 'express';
import { AUDIENCES, CreateAnnouncementDto, ListMessagesQuery } from '../../messages/dto/message.dto';
import { compact, FieldErrors, formErrorOf, readForm } from '../forms';
import { translate } from '../i18n';
import { localsOf } from '../page-context';
import { ConsoleController } from '../page-controller';
import type { PageLocals } from '../view-engine';
import { eventHeading } from './event-heading';
import { actionErrorOf } from './registrations-page-parts';

/** The query parameters of the log: its filters and its page (ListMessagesQuery's fields). */
const LOG_PARAMS = ['kind', 'status', 'cursor', 'limit'] as const;
type LogParams = Partial<Record<(typeof LOG_PARAMS)[number], string>>;

function logParams(source: Record<string, unknown> | URLSearchParams): LogParams {
  const get = (key: string) => (source instanceof URLSearchParams ? source.get(key) : source[key]);
  const params: LogParams = {};
  for (const key of LOG_PARAMS) {
    const value = get(key);
    if (typeof value === 'string' && value.trim() !== '') params[key] = value;
  }
  return params;
}

function messagesUrl(eventId: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(compact(params) as Record<string, string>).toString();
  return `/console/events/${eventId}/messages${query ? `?${query}` : ''}`;
}

interface LogExtras {
  status?: number;
  notice?: { key: string; vars?: Record<string, unknown> } | null;
  actionError?: PageLocals['formError'];
  /** The announcement form shown again after an error. */
  announcement?: { values: Record<string, unknown>; fieldErrors?: FieldErrors; formError?: PageLocals['formError'] };
}

/**
 * An event's mail in the console: the delivery log with counts by status, filters and pages (the JSON log's query
 * and paging), resending one message, and announcements. Owners and managers (the services answer the checkin role
 * 403 FORBIDDEN_ROLE).
 */
@ConsoleController('console/events/:id')
export class MessagesPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly messages: MessagesService,
  ) {}

  @Get('messages')
  async log(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    let notice: LogExtras['notice'] = null;
    if (query.done === 'resent') notice = { key: 'messages.done.resent' };
    if (query.done === 'announced' && typeof query.recipients === 'string' && /^\d{1,9}$/.test(query.recipients)) {
      notice = { key: 'messages.done.announced', vars: { n: Number(query.recipients) } };
    }
    await this.renderLog(res, actor, id, logParams(query), { notice });
  }

  @Post('messages/:messageId/resend')
  async resend(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('messageId', uuidPipe('messageId')) messageId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const params = logParams(new URLSearchParams(typeof body.back === 'string' ? body.back : ''));
    try {
      await this.messages.resend(actor, id, messageId);
    } catch (error) {
      await this.renderLog(res, actor, id, params, actionErrorOf(error));
      return;
    }
    res.redirect(303, `${messagesUrl(id, { ...params, done: 'resent' })}#log`);
  }

  @Post('announcements')
  async announce(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const values = { subject: body.subject, body: body.body, audience: body.audience };
    const form = await readForm(CreateAnnouncementDto, compact(values));
    if (!form.ok) {
      await this.renderLog(
        res,
        actor,
        id,
        {},
        {
          status: 400,
          announcement: { values, fieldErrors: form.fieldErrors, formError: { key: 'errors.VALIDATION_FAILED' } },
        },
      );
      return;
    }
    try {
      const { recipients } = await this.messages.announce(actor, id, form.value);
      res.redirect(303, messagesUrl(id, { done: 'announced', recipients: String(recipients) }));
    } catch (error) {
      const shown = formErrorOf(error);
      await this.renderLog(
        res,
        actor,
        id,
        {},
        {
          status: httpStatusOf((error as DomainError).code),
          announcement: { values, fieldErrors: shown.fieldErrors, formError: shown.formError },
        },
      );
    }
  }

  private async renderLog(res: Response, actor: Actor, id: string, params: LogParams, extra: LogExtras) {
    const form = await readForm(ListMessagesQuery, params);
    // Filters the API would refuse are shown beside their fields, over the unfiltered first page.
    const log = await this.messages.log(actor, id, form.ok ? form.value : { limit: 20 });
    const { event } = await this.events.get(actor, id);
    const filters = form.ok ? params : {};
    const { cursor: _cursor, ...withoutCursor } = filters;
    const { lang } = localsOf(res);
    const announcement = extra.announcement;
    res.status(extra.status ?? (form.ok ? 200 : 400)).render('console/messages/log', {
      pageTitle: `${translate(lang, 'messages.title')} · ${event.title}`,
      wide: true,
      event: eventHeading(event),
      counts: MESSAGE_STATUSES.map((status) => ({
        status,
        key: `messages.status.${status}`,
        n: log.counts[status],
        url: messagesUrl(id, { kind: filters.kind, status }),
        current: filters.status === status,
      })),
      kindOptions: MESSAGE_KINDS.map((code) => ({ code, key: `messages.kind.${code}` })),
      statusOptions: MESSAGE_STATUSES.map((code) => ({ code, key: `messages.status.${code}` })),
      audienceOptions: AUDIENCES.map((code) => ({ code, key: `messages.announce.audience.${code}` })),
      filters,
      filtered: Boolean(filters.kind || filters.status),
      fieldErrors: { ...(form.ok ? {} : form.fieldErrors), ...announcement?.fieldErrors },
      values: announcement?.values ?? { audience: 'confirmed' },
      formError: announcement?.formError,
      items: log.items.map((m) => ({
        ...m,
        kindKey: `messages.kind.${m.kind}`,
        statusKey: `messages.status.${m.status}`,
      })),
      back: new URLSearchParams(filters as Record<string, string>).toString(),
      nextUrl: log.nextCursor ? messagesUrl(id, { ...filters, cursor: log.nextCursor }) : null,
      firstUrl: filters.cursor ? messagesUrl(id, withoutCursor) : null,
      clearUrl: messagesUrl(id),
      notice: extra.notice,
      actionError: extra.actionError,
    });
  }
}
