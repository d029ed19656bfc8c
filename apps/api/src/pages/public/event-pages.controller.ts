import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { pagePath, PublicLinks } from '@tongxin/common';
import { EventsService } from '@tongxin/events';
import { OrganizationsService } from '@tongxin/organizations';
import {
  GroupRegistrationsService,
  LinkRequestsService,
  OrganizationRef,
  RegistrationsService,
} from '@tongxin/registrations';
import type { Response } from 'express';
import { PublicEventDto } from '../../events/dto/event.dto';
import { RateLimit } from '../../rate-limit/rate-limit.policies';
import { CreateGroupRegistrationDto } from '../../registrations/dto/group.dto';
import { CreateLinkRequestDto } from '../../registrations/dto/link-request.dto';
import { CreateRegistrationDto } from '../../registrations/dto/registration.dto';
import { readForm } from '../forms';
import { translate } from '../i18n';
import { localsOf, usePageLanguage } from '../page-context';
import { PageController } from '../page-controller';
import {
  agendaOf,
  Body as FormBody,
  eventInLanguage,
  eventState,
  field,
  fieldList,
  formKey,
  friendlyErrors,
  hostsByRole,
  organizationChoices,
  organizationOf,
  paragraphs,
  personOf,
  registrationFormError,
  valuesOf,
} from './public-views';

const PERSON_FIELDS = ['name', 'email', 'phone', 'jobTitle'];
const ORGANIZATION_FIELDS = [
  'organization.id',
  'organization.label',
  'organization.name',
  'organization.type',
  'organization.regionCode',
  'organization.creditCode',
];
/** Rows of attendees a group form starts with, and how many more a press of "add rows" gives (without JavaScript). */
const GROUP_ROWS = 3;
const MAX_GROUP_ROWS = 200;
const GROUP_SCRIPTS = ['/assets/org-search.js', '/assets/group-form.js'];

/** The event page (/e/:slug): the event, its registration form, the group form, and "send me my links again". */
@PageController('e')
export class PublicEventPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly organizations: OrganizationsService,
    private readonly registrations: RegistrationsService,
    private readonly groups: GroupRegistrationsService,
    private readonly linkRequests: LinkRequestsService,
    private readonly links: PublicLinks,
  ) {}

  @Get(':slug')
  async page(@Param('slug') slug: string, @Query('sent') sent: string | undefined, @Res() res: Response) {
    const data = await this.eventPage(slug, res);
    res.render('public/event', { ...data, linksSent: sent === '1', values: { locale: data.lang } });
  }

  /**
   * The paths forms post to, opened with GET (the language switch of a page shown after a post, a reload): the page
   * they belong to.
   */
  @Get(':slug/register')
  registerPage(@Param('slug') slug: string, @Res() res: Response) {
    res.redirect(303, pagePath('event', slug, '#register'));
  }

  @Get(':slug/link-requests')
  linkRequestsPage(@Param('slug') slug: string, @Res() res: Response) {
    res.redirect(303, pagePath('event', slug, '#links'));
  }

  /** The registration form's post: 303 to the person's own page (the manage link), or the form again with errors. */
  @Post(':slug/register')
  @HttpCode(200)
  @RateLimit('public', 'mail')
  async register(@Param('slug') slug: string, @Body() body: FormBody, @Res() res: Response) {
    const input = {
      ...personOf(body),
      organization: organizationOf(body),
      locale: field(body, 'locale'),
    };
    const values = valuesOf(body, [...PERSON_FIELDS, ...ORGANIZATION_FIELDS]);
    const again = async (status: number, shown: object) => {
      const data = await this.eventPage(slug, res);
      res.status(status).render('public/event', { ...data, values, ...shown });
    };
    const form = await readForm(CreateRegistrationDto, input);
    if (!form.ok) return again(400, { fieldErrors: friendlyErrors(form.fieldErrors, flat(input)), invalid: true });
    const key = field(body, 'idempotencyKey');
    try {
      const { registration, token } = await this.registrations.register(
        slug,
        { ...form.value, organization: form.value.organization as OrganizationRef },
        key && /^[\x21-\x7e]{1,200}$/.test(key) ? key : undefined,
      );
      if (token) return res.redirect(303, pagePath('manage', token, '?registered=1#registered'));
      // Already registered (a second click, or the same email again): the manage link went out by mail, never here.
      const data = await this.eventPage(slug, res);
      res.render('public/already', { ...data, status: registration.status, email: form.value.email });
    } catch (error) {
      await again(409, { ...registrationFormError(error), invalid: true });
    }
  }

  /** "Send me my links again": the same answer whether or not the address is registered. */
  @Post(':slug/link-requests')
  @HttpCode(200)
  @RateLimit('public', 'linkRequestEmail', 'mail')
  async requestLinks(@Param('slug') slug: string, @Body() body: FormBody, @Res() res: Response) {
    const form = await readForm(CreateLinkRequestDto, { email: field(body, 'email') ?? '' });
    if (!form.ok) {
      const data = await this.eventPage(slug, res);
      res.status(400).render('public/event', {
        ...data,
        values: { locale: data.lang, linkEmail: field(body, 'email') ?? '' },
        fieldErrors: { linkEmail: friendlyErrors(form.fieldErrors, { email: field(body, 'email') }).email ?? [] },
      });
      return;
    }
    await this.linkRequests.request(slug, form.value.email);
    res.redirect(303, pagePath('event', slug, '?sent=1#links'));
  }

  /** Search-as-you-type over known organizations (public facts, no personal data): JSON for org-search.js. */
  @Get(':slug/organizations')
  @RateLimit('public')
  async suggestOrganizations(@Query('q') q: unknown, @Res() res: Response) {
    const lang = localsOf(res).lang;
    const found = typeof q === 'string' ? await this.organizations.suggest(q.slice(0, 100)) : [];
    res.json({
      items: found.map((o) => ({
        id: o.id,
        name: o.name,
        nameEn: o.nameEn,
        type: o.type,
        typeLabel: translate(lang, `public.org.type.${o.type}`),
        regionCode: o.regionCode,
        regionName: lang === 'en' ? o.region.nameEn : o.region.nameZh,
      })),
    });
  }

  /** The group form: a delegate registers several people of one organization, all or nothing. */
  @Get(':slug/group')
  async groupPage(@Param('slug') slug: string, @Query('rows') rows: string | undefined, @Res() res: Response) {
    const data = await this.eventPage(slug, res);
    res.render('public/group-form', {
      ...data,
      scripts: GROUP_SCRIPTS,
      rows: rowsWithErrors(emptyRows(clampRows(Number(rows) || GROUP_ROWS)), {}),
    });
  }

  @Post(':slug/group')
  @HttpCode(200)
  @RateLimit('public', 'mail')
  async registerGroup(@Param('slug') slug: string, @Body() body: FormBody, @Res() res: Response) {
    const people = rowsOf(body);
    const filled = people.filter((p) => Object.values(p).some((v) => v.trim() !== ''));
    const values = {
      ...valuesOf(body, [...ORGANIZATION_FIELDS, 'delegate.name', 'delegate.email', 'delegate.phone']),
      allowWaitlist: field(body, 'allowWaitlist') === 'on',
    };
    const again = async (status: number, shown: object, extra = 0) => {
      const data = await this.eventPage(slug, res);
      const shownRows = [...filled, ...emptyRows(Math.max(GROUP_ROWS - filled.length, 0) + extra)];
      res.status(status).render('public/group-form', {
        ...data,
        scripts: GROUP_SCRIPTS,
        values,
        ...shown,
        rows: rowsWithErrors(shownRows.slice(0, MAX_GROUP_ROWS), (shown as { fieldErrors?: object }).fieldErrors),
      });
    };
    // Without JavaScript, "add rows" posts the form so nothing typed is lost, and it comes back longer.
    if (field(body, 'addRows')) return again(200, {}, GROUP_ROWS);

    const input = {
      delegate: personOf(body, 'delegate.'),
      organization: organizationOf(body),
      attendees: filled.map((p) => compactPerson(p)),
      ...(values.allowWaitlist ? { allowWaitlist: true } : {}),
      locale: field(body, 'locale'),
    };
    const form = await readForm(CreateGroupRegistrationDto, input);
    if (!form.ok) return again(400, { fieldErrors: friendlyErrors(form.fieldErrors, flat(input)), invalid: true });
    try {
      const { token } = await this.groups.create(slug, {
        ...form.value,
        organization: form.value.organization as OrganizationRef,
      });
      res.redirect(303, pagePath('group', token, '?done=created#done'));
    } catch (error) {
      const rowOfEmail = (email: string) => {
        const i = filled.findIndex((p) => p.email.trim().toLowerCase() === email);
        return i === -1 ? undefined : i;
      };
      await again(409, { ...registrationFormError(error, rowOfEmail), invalid: true });
    }
  }

  /** What every view of the event page shows: the event in its language, its state, and the form's choices. */
  private async eventPage(slug: string, res: Response) {
    const event = PublicEventDto.from(await this.events.getPublic(slug));
    const lang = usePageLanguage(res, event.language);
    const { title, when, where } = eventInLanguage(event, lang);
    const state = eventState(event);
    return {
      lang,
      event,
      title,
      pageTitle: title,
      state,
      formOpen: state === 'open' || state === 'full',
      hosts: hostsByRole(event, lang),
      agenda: agendaOf(event),
      description: paragraphs(event.description),
      idempotencyKey: formKey(),
      ...organizationChoices(await this.organizations.listRegions()),
      scripts: ['/assets/org-search.js'],
      bodyClass: 'pub',
      og: {
        title,
        description: [when, where, paragraphs(event.description)[0]?.slice(0, 120)].filter(Boolean).join(' · '),
        url: this.links.to('event', event.slug),
      },
    };
  }
}

type Row = { name: string; email: string; phone: string; jobTitle: string };

/**
 * The rows of attendees as posted: each field once per row, in order. The rows' email fields are named `attendees`,
 * the field the mail rate limit counts (one message per entry, as for the JSON API's attendees).
 */
function rowsOf(body: FormBody): Row[] {
  const names = fieldList(body, 'a.name');
  const emails = fieldList(body, 'attendees');
  const phones = fieldList(body, 'a.phone');
  const titles = fieldList(body, 'a.jobTitle');
  const count = Math.min(Math.max(names.length, emails.length, phones.length, titles.length), MAX_GROUP_ROWS);
  return Array.from({ length: count }, (_, i) => ({
    name: names[i] ?? '',
    email: emails[i] ?? '',
    phone: phones[i] ?? '',
    jobTitle: titles[i] ?? '',
  }));
}

function compactPerson(p: Row) {
  return personOf({ name: p.name, email: p.email, phone: p.phone, jobTitle: p.jobTitle });
}

function emptyRows(count: number): Row[] {
  return Array.from({ length: count }, () => ({ name: '', email: '', phone: '', jobTitle: '' }));
}

function clampRows(n: number): number {
  return Math.min(Math.max(Math.trunc(n), 1), MAX_GROUP_ROWS);
}

/** Each row with its number and the errors of its fields (attendees.<i>.<field>). */
function rowsWithErrors(rows: Row[], errors: object | undefined) {
  const all = (errors ?? {}) as Record<string, string[]>;
  return rows.map((row, i) => ({
    ...row,
    index: i,
    number: i + 1,
    errors: {
      name: all[`attendees.${i}.name`],
      email: all[`attendees.${i}.email`],
      phone: all[`attendees.${i}.phone`],
      jobTitle: all[`attendees.${i}.jobTitle`],
    },
  }));
}

/** A nested input as dotted field names (organization.name, attendees.0.email), to tell which fields were empty. */
function flat(input: object, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(input)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') flat(value as object, name, into);
    else into[name] = value;
  }
  return into;
}
