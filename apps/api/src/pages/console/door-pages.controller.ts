import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { AttendanceFiguresService, CheckInsService, DoorPerson, WalkInsService } from '@tongxin/attendance';
import { DomainError, ErrorCode, httpStatusOf, uuidPipe } from '@tongxin/common';
import { EventsService, EventView, isActive } from '@tongxin/events';
import { ORGANIZATION_TYPES, OrganizationsService } from '@tongxin/organizations';
import type { OrganizationRef } from '@tongxin/registrations';
import type { Response } from 'express';
import { CheckInRequestDto, DoorSearchQuery, WalkInRequestDto } from '../../attendance/dto/check-in.dto';
import { answerRows } from '../answers';
import { compact, FieldErrors, formErrorOf, readForm, ticked } from '../forms';
import { Lang, translate } from '../i18n';
import { localsOf } from '../page-context';
import { ConsoleController } from '../page-controller';
import { eventHeading } from './event-heading';

/** What the result panel shows after a check-in (or a failed one). */
export interface DoorResult {
  kind: 'ok' | 'again' | 'notFound' | 'notActionable' | 'cancelled';
  person?: DoorPersonView;
  /** The first check-in's time, e.g. 09:12, in the event's zone. */
  time?: string;
  /** The catalogue key of the registration status that kept a person out (notActionable). */
  status?: string;
  /** A walk-in: their new code, and whether the capacity was raised for them. */
  walkIn?: { code: string; raised: boolean };
}

interface DoorPersonView extends Omit<DoorPerson, 'checkedInAt' | 'answers'> {
  checkedInTime: string | null;
  /** The catalogue key of the registration status. */
  statusKey: string;
  /** The answers shown at the door (visibleToCheckin questions only: the read model holds no others), by label. */
  answers: ReturnType<typeof answerRows>;
}

/** 09:12 when it was today in the event's zone, else 2026-03-14 09:12. */
export function timeAt(at: Date, zone: string): string {
  const local = (d: Date) => d.toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16);
  const then = local(at);
  return then.slice(0, 10) === local(new Date()).slice(0, 10) ? then.slice(11) : then;
}

const viewOf = (p: DoorPerson, event: Pick<EventView, 'timezone' | 'questions'>, lang: Lang): DoorPersonView => ({
  ...p,
  checkedInTime: p.checkedInAt ? timeAt(new Date(p.checkedInAt), event.timezone) : null,
  statusKey: `door.status.${p.status}`,
  answers: answerRows(
    event.questions.filter((q) => isActive(q) && q.visibleToCheckin),
    p.answers,
    lang,
  ).filter((row) => row.text !== null),
});

/** A fragment template (the result panel, the search results) as HTML, for door.js or to embed in the page. */
export function renderFragment(res: Response, view: string, data: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    res.app.render(view, { ...res.locals, ...data, layout: false }, (error: Error | null, html?: string) =>
      error ? reject(error) : resolve(html ?? ''),
    ),
  );
}

/** The walk-in form's flat fields (person.name, organization.type, …) as the JSON API's nested body. */
function walkInBody(body: Record<string, unknown>) {
  return {
    person: compact({ name: body['person.name'], phone: body['person.phone'], email: body['person.email'] }),
    organization: compact({
      name: body['organization.name'],
      type: body['organization.type'],
      regionCode: body['organization.regionCode'],
    }),
    ...(ticked(body, 'overCapacity') ? { overCapacity: true } : {}),
  };
}

/**
 * The door, on a phone: a code typed or scanned (door.js posts it and shows the answer's result panel), a search by
 * name with a check-in button each, walk-ins, and a counter that door.js polls. Any team role, the checkin role
 * included (the services say so); a checkin member sees the door tab only.
 */
@ConsoleController('console/events/:id/door')
export class DoorPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly checkIns: CheckInsService,
    private readonly walkIns: WalkInsService,
    private readonly figures: AttendanceFiguresService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get()
  async page(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query('q') q: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const found = q === undefined ? {} : await this.find(actor, id, q);
    await this.render(res, actor, id, { ...found, values: { q } });
  }

  /** The search results alone (door.js: search as you type). */
  @Get('search')
  async searchFragment(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query('q') q: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const { event } = await this.events.get(actor, id);
    const { people, fieldErrors } = await this.find(actor, id, q ?? '');
    res.render('console/door/results', {
      layout: false,
      event: eventHeading(event),
      people: people?.map((p) => viewOf(p, event, localsOf(res).lang)),
      searched: Boolean(people),
      fieldErrors,
      values: { q },
    });
  }

  /** The live counter door.js polls: checked in over confirmed. */
  @Get('counter')
  async counter(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
  ): Promise<{ checkedIn: number; confirmed: number }> {
    const { checkedIn, confirmed } = await this.figures.totals(actor, id);
    return { checkedIn, confirmed };
  }

  /** A code typed (or scanned), or a person picked from the search: the JSON route's service and DTO. */
  @Post()
  async checkIn(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Query('fragment') fragment: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const values = { code: body.code };
    const form = await readForm(CheckInRequestDto, compact({ code: body.code, registrationId: body.registrationId }));
    if (!form.ok) {
      const fieldErrors: FieldErrors = { code: form.fieldErrors.code ?? ['validation.isNotEmpty'] };
      if (fragment) return void res.status(400).render('console/door/result', { layout: false, fieldErrors });
      return this.render(res.status(400), actor, id, { values, fieldErrors });
    }
    const { code, registrationId } = form.value;
    const { event } = await this.events.get(actor, id);
    let result: DoorResult;
    try {
      const done = await this.checkIns.checkIn(
        actor,
        id,
        code !== undefined ? { code } : { registrationId: registrationId! },
      );
      result = {
        kind: done.created ? 'ok' : 'again',
        person: viewOf(done.registration, event, localsOf(res).lang),
        time: timeAt(done.checkedInAt, event.timezone),
      };
    } catch (error) {
      result = this.failure(error);
      res.status(httpStatusOf((error as DomainError).code));
    }
    if (fragment) return void res.render('console/door/result', { layout: false, result });
    await this.render(res, actor, id, {
      result,
      values: result.kind === 'ok' || result.kind === 'again' ? {} : values,
    });
  }

  /** Someone who did not register: registered and checked in at once, as POST /api/events/:id/walk-ins. */
  @Post('walk-in')
  async walkIn(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const values = { ...body, _csrf: undefined };
    const form = await readForm(WalkInRequestDto, walkInBody(body));
    if (!form.ok) {
      return this.render(res.status(400), actor, id, { values, fieldErrors: form.fieldErrors, walkInOpen: true });
    }
    const { event } = await this.events.get(actor, id);
    try {
      const organization = form.value.organization as OrganizationRef;
      const done = await this.walkIns.walkIn(actor, id, { ...form.value, organization });
      const result: DoorResult = {
        kind: 'ok',
        person: viewOf(done.registration, event, localsOf(res).lang),
        time: timeAt(done.checkedInAt, event.timezone),
        walkIn: { code: done.checkInCode, raised: done.admittedOverCapacity },
      };
      await this.render(res, actor, id, { result });
    } catch (error) {
      const { formError, fieldErrors } = formErrorOf(error, { ALREADY_REGISTERED: 'person.email' });
      const details = error instanceof DomainError ? error.details : undefined;
      await this.render(res.status(httpStatusOf((error as DomainError).code)), actor, id, {
        values,
        fieldErrors,
        walkInOpen: true,
        walkInError: formError,
        walkInFull: error instanceof DomainError && error.code === ErrorCode.EVENT_FULL,
        existingRegistrationId: details?.registrationId,
      });
    }
  }

  private async find(
    actor: Actor,
    id: string,
    q: string,
  ): Promise<{ people?: DoorPerson[]; fieldErrors?: FieldErrors }> {
    const form = await readForm(DoorSearchQuery, { q });
    if (!form.ok) return { fieldErrors: form.fieldErrors };
    return { people: await this.checkIns.search(actor, id, form.value.q) };
  }

  /** The door's answer to a failed check-in; any other error goes on to the page filter. */
  private failure(error: unknown): DoorResult {
    if (!(error instanceof DomainError)) throw error;
    switch (error.code) {
      case ErrorCode.REGISTRATION_NOT_FOUND:
        return { kind: 'notFound' };
      case ErrorCode.REGISTRATION_NOT_ACTIONABLE:
        return { kind: 'notActionable', status: `door.status.${String(error.details?.status ?? '')}` };
      case ErrorCode.EVENT_CANCELLED:
        return { kind: 'cancelled' };
      default:
        throw error;
    }
  }

  private async render(res: Response, actor: Actor, id: string, data: Record<string, unknown>): Promise<void> {
    const { event, role } = await this.events.get(actor, id);
    const [counter, regions] = await Promise.all([this.figures.totals(actor, id), this.organizations.listRegions()]);
    const people = (data.people as DoorPerson[] | undefined)?.map((p) => viewOf(p, event, localsOf(res).lang));
    const header = eventHeading(event);
    const resultHtml = await renderFragment(res, 'console/door/result', { result: data.result });
    const resultsHtml = await renderFragment(res, 'console/door/results', {
      event: header,
      people,
      searched: Boolean(people),
      values: data.values,
    });
    res.render('console/door/page', {
      pageTitle: `${translate(localsOf(res).lang, 'door.title')} · ${event.title}`,
      bodyClass: 'door-page',
      scripts: ['/assets/door.js'],
      event: header,
      doorOnly: role === 'checkin',
      counter,
      regions,
      organizationTypes: ORGANIZATION_TYPES.map((type) => ({ type, key: `door.orgType.${type}` })),
      ...data,
      resultHtml,
      resultsHtml,
    });
  }
}
