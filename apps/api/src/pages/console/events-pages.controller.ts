import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { DomainError, httpStatusOf, PublicLinks, uuidPipe } from '@tongxin/common';
import { EventDetail, EventsService, EventWithRole, SeriesService, TeamRole } from '@tongxin/events';
import { OrganizationsService } from '@tongxin/organizations';
import type { Response } from 'express';
import { ListEventsQuery } from '../../events/dto/event-input.dto';
import { CreateSeriesDto } from '../../series/series.controller';
import { compact, FieldErrors, readForm } from '../forms';
import { translate } from '../i18n';
import { localsOf } from '../page-context';
import { ConsoleController } from '../page-controller';
import {
  eventForm,
  eventFormErrorOf,
  EventFormView,
  HostRow,
  newEventForm,
  postedEventForm,
  readEventForm,
  rowPathsOf,
} from './event-form';
import { copyFormOf, removedQuestionsOf } from './event-questions';

type Form = Record<string, unknown>;

/** Notices a redirect after a change brings back to the event page (POST-redirect-GET). */
const NOTICES = ['created', 'saved', 'published', 'cancelled', 'copied', 'answersDeleted'] as const;

/** The organizer's events: the list, a new event, the overview and edit form, publishing and cancelling. */
@ConsoleController('console')
export class EventsPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly series: SeriesService,
    private readonly organizations: OrganizationsService,
    private readonly links: PublicLinks,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const paging = await readForm(ListEventsQuery, compact({ cursor: query.cursor, limit: '50' }));
    const page = await this.events.list(actor, paging.ok ? paging.value : { limit: 50 });
    res.render('console/events', {
      pageTitle: translate(localsOf(res).lang, 'console.events.title'),
      wide: true,
      welcome: query.welcome === '1',
      events: page.items.map(({ event, role }) => ({
        id: event.id,
        title: event.title,
        titleEn: event.titleEn,
        status: event.status,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timezone: event.timezone,
        confirmedCount: event.confirmedCount,
        capacity: event.capacity,
        role,
        statusKey: `console.status.${event.status}`,
        roleKey: `console.role.${role}`,
        doorOnly: role === 'checkin',
      })),
      nextCursor: page.nextCursor,
    });
  }

  @Get('events/new')
  async newEvent(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const form = newEventForm(await this.series.listForEditor(actor), localsOf(res).lang);
    this.renderForm(res, { form });
  }

  @Post('events/new')
  @HttpCode(200)
  async create(@CurrentActor() actor: Actor, @Body() body: Form, @Res() res: Response): Promise<void> {
    const form = { ...body };
    const seriesError = await this.createSeriesIfAsked(actor, form);
    const read = await readEventForm('create', form, this.organizations, actor);
    if (!read.ok || seriesError) {
      const fieldErrors = { ...(read.ok ? {} : read.fieldErrors), ...seriesError };
      await this.renderNewAgain(res, actor, form, read.ok ? undefined : read.hosts, 400, { fieldErrors });
      return;
    }
    let created: EventWithRole;
    try {
      created = await this.events.create(actor, read.value);
    } catch (error) {
      const shown = eventFormErrorOf(error, rowPathsOf(form), form);
      await this.renderNewAgain(res, actor, form, undefined, statusOf(error), shown);
      return;
    }
    res.redirect(303, `/console/events/${created.event.id}?created=1`);
  }

  @Get('events/:id')
  async overview(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const found = await this.events.getForEditing(actor, id);
    const notice = NOTICES.find((n) => query[n] === '1');
    this.renderEvent(res, found, eventForm(found.event), { notice });
  }

  @Post('events/:id')
  @HttpCode(200)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: Form,
    @Res() res: Response,
  ): Promise<void> {
    const read = await readEventForm('update', body, this.organizations, actor);
    if (!read.ok) {
      const found = await this.events.getForEditing(actor, id);
      this.renderEvent(res.status(400), found, postedEventForm(body, read.hosts), { fieldErrors: read.fieldErrors });
      return;
    }
    try {
      await this.events.update(actor, id, read.value);
    } catch (error) {
      const shown = eventFormErrorOf(error, rowPathsOf(body), body);
      const found = await this.events.getForEditing(actor, id);
      this.renderEvent(res.status(statusOf(error)), found, postedEventForm(body, undefined), shown);
      return;
    }
    res.redirect(303, `/console/events/${id}?saved=1`);
  }

  @Post('events/:id/publish')
  async publish(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.events.publish(actor, id);
    } catch (error) {
      const shown = eventFormErrorOf(error);
      const found = await this.events.getForEditing(actor, id);
      this.renderEvent(res.status(statusOf(error)), found, eventForm(found.event), shown);
      return;
    }
    res.redirect(303, `/console/events/${id}?published=1`);
  }

  /** Cancelling is final: this page asks first. */
  @Get('events/:id/cancel')
  async confirmCancel(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const { event } = await this.events.getForEditing(actor, id);
    res.render('console/event-cancel', {
      pageTitle: translate(localsOf(res).lang, 'console.cancel.title'),
      event: this.overviewOf(event, 'owner'),
    });
  }

  @Post('events/:id/cancel')
  async cancel(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Res() res: Response): Promise<void> {
    await this.events.cancel(actor, id);
    res.redirect(303, `/console/events/${id}?cancelled=1`);
  }

  /** "Or start a new series": created first (the same service as POST /api/series), then chosen for the event. */
  private async createSeriesIfAsked(actor: Actor, form: Form): Promise<FieldErrors | undefined> {
    const title = typeof form.newSeriesTitle === 'string' ? form.newSeriesTitle.trim() : '';
    if (!title) return undefined;
    const read = await readForm(CreateSeriesDto, compact({ title, titleEn: form.newSeriesTitleEn }));
    if (!read.ok) {
      return Object.fromEntries(
        Object.entries(read.fieldErrors).map(([f, keys]) => [
          f === 'title' ? 'newSeriesTitle' : 'newSeriesTitleEn',
          keys,
        ]),
      );
    }
    const { series } = await this.series.create(actor, read.value);
    form.seriesId = series.id;
    form.newSeriesTitle = '';
    form.newSeriesTitleEn = '';
    return undefined;
  }

  private async renderNewAgain(
    res: Response,
    actor: Actor,
    form: Form,
    hosts: HostRow[] | undefined,
    status: number,
    shown: { fieldErrors?: FieldErrors; formError?: { key: string } },
  ): Promise<void> {
    const view = postedEventForm(form, hosts, await this.series.listForEditor(actor));
    this.renderForm(res.status(status), {
      form: view,
      ...shown,
      formError: shown.formError ?? { key: 'errors.VALIDATION_FAILED' },
    });
  }

  private renderForm(res: Response, data: { form: EventFormView } & Record<string, unknown>): void {
    res.render('console/event', {
      pageTitle: translate(localsOf(res).lang, 'console.new.title'),
      isNew: true,
      values: data.form.values,
      ...data,
    });
  }

  private renderEvent(
    res: Response,
    { event, role }: EventWithRole,
    form: EventFormView,
    extra: { notice?: string; fieldErrors?: FieldErrors; formError?: { key: string } },
  ): void {
    const failed = extra.fieldErrors && Object.keys(extra.fieldErrors).length > 0;
    res.render('console/event', {
      pageTitle: `${event.title} · ${translate(localsOf(res).lang, 'tabs.overview')}`,
      event: this.overviewOf(event, role),
      form,
      values: form.values,
      ...extra,
      noticeKey: extra.notice ? `console.notice.${extra.notice}` : undefined,
      formError: extra.formError ?? (failed ? { key: 'errors.VALIDATION_FAILED' } : undefined),
    });
  }

  private overviewOf(event: EventDetail, role: TeamRole) {
    return {
      ...event,
      role,
      statusKey: `console.status.${event.status}`,
      roleKey: `console.role.${role}`,
      kindKey: `console.kind.${event.kind}`,
      publicUrl: this.links.to('event', event.slug),
      isDraft: event.status === 'draft',
      isCancelled: event.status === 'cancelled',
      removedQuestions: removedQuestionsOf(event),
      copy: copyFormOf(event),
    };
  }
}

function statusOf(error: unknown): number {
  return error instanceof DomainError ? httpStatusOf(error.code) : 500;
}
