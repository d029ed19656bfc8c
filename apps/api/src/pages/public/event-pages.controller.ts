import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { pagePath, PublicLinks } from '@tongxin/common';
import { AnswerError, EventDetail, EventsService, questionsAsked } from '@tongxin/events';
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
import { answerErrorsIn } from '../answers';
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
import {
  attendeeOf,
  clampRows,
  emptyRows,
  GROUP_ROWS,
  isFilled,
  MAX_GROUP_ROWS,
  rowsOf,
  rowsWithErrors,
  rowTemplateQuestions,
} from './group-rows';
import { answerProblems, askedIn, controlsOf } from './question-forms';

const PERSON_FIELDS = ['name', 'email', 'phone', 'jobTitle'];
const ORGANIZATION_FIELDS = [
  'organization.id',
  'organization.label',
  'organization.name',
  'organization.type',
  'organization.regionCode',
  'organization.creditCode',
];
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
    const detail = await this.events.getPublic(slug);
    const asked = askedIn(detail.questions, 'single', body);
    const input = {
      ...personOf(body),
      organization: organizationOf(body),
      locale: field(body, 'locale'),
      answers: asked.answers,
    };
    const values = valuesOf(body, [...PERSON_FIELDS, ...ORGANIZATION_FIELDS]);
    const again = async (status: number, shown: object, answerErrors: AnswerError[] = []) => {
      const data = await this.eventPage(slug, res, detail);
      const questions = controlsOf(asked, data.lang, answerErrors);
      res.status(status).render('public/event', { ...data, values, ...shown, questions });
    };
    const form = await readForm(CreateRegistrationDto, input);
    // Every wrong field at once: the person's (the DTO) and the answers' (the rule the service checks them by).
    const problems = answerProblems(detail.questions, input.answers, 'single');
    if (!form.ok || problems.length) {
      const fieldErrors = form.ok ? {} : friendlyErrors(form.fieldErrors, flat(input));
      return again(400, { fieldErrors, invalid: true }, problems);
    }
    const key = field(body, 'idempotencyKey');
    try {
      const { registration, token } = await this.registrations.register(
        slug,
        { ...form.value, organization: form.value.organization as OrganizationRef },
        key && /^[\x21-\x7e]{1,200}$/.test(key) ? key : undefined,
      );
      if (token) return res.redirect(303, pagePath('manage', token, '?registered=1#registered'));
      // Already registered (a second click, or the same email again): the manage link went out by mail, never here.
      const data = await this.eventPage(slug, res, detail);
      res.render('public/already', { ...data, status: registration.status, email: form.value.email });
    } catch (error) {
      await again(409, { ...registrationFormError(error), invalid: true }, answerErrorsIn(error));
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
    const detail = await this.events.getPublic(slug);
    const data = await this.eventPage(slug, res, detail);
    const perPerson = questionsAsked(detail.questions, 'person');
    res.render('public/group-form', {
      ...data,
      scripts: GROUP_SCRIPTS,
      groupQuestions: controlsOf(askedIn(detail.questions, 'group'), data.lang),
      rows: rowsWithErrors(emptyRows(clampRows(Number(rows) || GROUP_ROWS)), {}, data.lang, perPerson),
      rowTemplate: rowTemplateQuestions(perPerson, data.lang),
    });
  }

  @Post(':slug/group')
  @HttpCode(200)
  @RateLimit('public', 'mail')
  async registerGroup(@Param('slug') slug: string, @Body() body: FormBody, @Res() res: Response) {
    const detail = await this.events.getPublic(slug);
    const perPerson = questionsAsked(detail.questions, 'person');
    const once = askedIn(detail.questions, 'group', body);
    const filled = rowsOf(body, perPerson).filter(isFilled);
    const values = {
      ...valuesOf(body, [...ORGANIZATION_FIELDS, 'delegate.name', 'delegate.email', 'delegate.phone']),
      allowWaitlist: field(body, 'allowWaitlist') === 'on',
    };
    const again = async (status: number, shown: object, extra = 0, answerErrors: AnswerError[] = []) => {
      const data = await this.eventPage(slug, res, detail);
      const shownRows = [...filled, ...emptyRows(Math.max(GROUP_ROWS - filled.length, 0) + extra)];
      const fieldErrors = (shown as { fieldErrors?: object }).fieldErrors;
      res.status(status).render('public/group-form', {
        ...data,
        scripts: GROUP_SCRIPTS,
        values,
        ...shown,
        groupQuestions: controlsOf(once, data.lang, answerErrors),
        rows: rowsWithErrors(shownRows.slice(0, MAX_GROUP_ROWS), fieldErrors, data.lang, perPerson, answerErrors),
        rowTemplate: rowTemplateQuestions(perPerson, data.lang),
      });
    };
    // Without JavaScript, "add rows" posts the form so nothing typed is lost, and it comes back longer.
    if (field(body, 'addRows')) return again(200, {}, GROUP_ROWS);

    const input = {
      delegate: personOf(body, 'delegate.'),
      organization: organizationOf(body),
      attendees: filled.map((p) => attendeeOf(p, perPerson)),
      answers: once.answers,
      ...(values.allowWaitlist ? { allowWaitlist: true } : {}),
      locale: field(body, 'locale'),
    };
    const form = await readForm(CreateGroupRegistrationDto, input);
    // All or nothing, and every wrong field at once: the group's answers and each row's, as the service checks them.
    const problems = [
      ...answerProblems(detail.questions, input.answers, 'group'),
      ...input.attendees.flatMap((a, i) =>
        answerProblems(detail.questions, a.answers, 'person', `attendees.${i}.answers`),
      ),
    ];
    if (!form.ok || problems.length) {
      const fieldErrors = form.ok ? {} : friendlyErrors(form.fieldErrors, flat(input));
      return again(400, { fieldErrors, invalid: true }, 0, problems);
    }
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
      await again(409, { ...registrationFormError(error, rowOfEmail), invalid: true }, 0, answerErrorsIn(error));
    }
  }

  /**
   * What every view of the event page shows: the event in its language, its state, and the form's choices and
   * questions (`detail`: the event when the caller has read it already).
   */
  private async eventPage(slug: string, res: Response, detail?: EventDetail) {
    const read = detail ?? (await this.events.getPublic(slug));
    const event = PublicEventDto.from(read);
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
      questions: controlsOf(questionsAsked(read.questions, 'single'), lang),
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

/** A nested input as dotted field names (organization.name, attendees.0.email), to tell which fields were empty. */
function flat(input: object, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(input)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') flat(value as object, name, into);
    else into[name] = value;
  }
  return into;
}
