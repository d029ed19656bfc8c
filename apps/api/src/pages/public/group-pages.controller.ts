import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { DomainError, ErrorCode, pagePath, uuidPipe } from '@tongxin/common';
import { AnswerError, questionsAsked } from '@tongxin/events';
import { GroupRegistrationsService } from '@tongxin/registrations';
import type { Response } from 'express';
import { RateLimit } from '../../rate-limit/rate-limit.policies';
import { GroupAttendeeDto } from '../../registrations/dto/group.dto';
import { PersonDto } from '../../registrations/dto/registration.dto';
import { answerErrorsIn, answerRows } from '../answers';
import { readForm } from '../forms';
import { usePageLanguage } from '../page-context';
import { PageController } from '../page-controller';
import {
  Body as FormBody,
  eventInLanguage,
  friendlyErrors,
  personOf,
  registrationFormError,
  valuesOf,
} from './public-views';
import { answerProblems, askedIn, AskedQuestions, controlsOf } from './question-forms';

type Group = Awaited<ReturnType<GroupRegistrationsService['getWithEvent']>>;
const PERSON_FIELDS = ['name', 'email', 'phone', 'jobTitle'];

/**
 * A delegate's group page behind the group link (/g/:token): the people and their statuses, add one, hand a place on,
 * cancel one (asked first). The same service calls as the JSON group routes.
 */
@PageController('g')
export class PublicGroupPagesController {
  constructor(private readonly groups: GroupRegistrationsService) {}

  @Get(':token')
  @RateLimit('public', 'link')
  async page(@Param('token') token: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const group = await this.groups.getWithEvent(token);
    res.render('public/group', {
      ...this.pageData(token, group, res),
      doneKey:
        typeof query.done === 'string' && /^(created|added|swapped|cancelled)$/.test(query.done)
          ? `public.group.done.${query.done}`
          : null,
    });
  }

  /** The add form's path opened with GET (the language switch after a post): the group page. */
  @Get(':token/attendees')
  @RateLimit('public', 'link')
  addPage(@Param('token') token: string, @Res() res: Response) {
    res.redirect(303, pagePath('group', token, '#add'));
  }

  /**
   * Adds a person, with their answers to the questions asked of each person: confirmed within the quota and capacity,
   * otherwise waitlisted (the service decides).
   */
  @Post(':token/attendees')
  @HttpCode(200)
  @RateLimit('public', 'link', 'mail')
  async add(@Param('token') token: string, @Body() body: FormBody, @Res() res: Response) {
    const { event } = await this.groups.getWithEvent(token);
    const asked = askedIn(event.questions, 'person', body);
    const input = { ...personOf(body), answers: asked.answers };
    const again = async (status: number, shown: object, errors: AnswerError[] = []) => {
      const group = await this.groups.getWithEvent(token);
      res.status(status).render('public/group', {
        ...this.pageData(token, group, res, { asked, errors }),
        values: valuesOf(body, PERSON_FIELDS),
        ...shown,
      });
    };
    const form = await readForm(GroupAttendeeDto, input);
    const problems = answerProblems(event.questions, input.answers, 'person');
    if (!form.ok || problems.length) {
      return again(400, { fieldErrors: form.ok ? {} : friendlyErrors(form.fieldErrors, input) }, problems);
    }
    try {
      await this.groups.add(token, form.value);
    } catch (error) {
      return again(409, alreadyBesideEmail(registrationFormError(error)), answerErrorsIn(error));
    }
    res.redirect(303, pagePath('group', token, '?done=added#people'));
  }

  /** Hand a place on: the form for the person who takes it. */
  @Get(':token/attendees/:rid/swap')
  @RateLimit('public', 'link')
  async swapPage(@Param('token') token: string, @Param('rid', uuidPipe('rid')) rid: string, @Res() res: Response) {
    const group = await this.groups.getWithEvent(token);
    res.render('public/group-swap', { ...this.pageData(token, group, res), person: member(group, rid) });
  }

  @Post(':token/attendees/:rid/swap')
  @HttpCode(200)
  @RateLimit('public', 'link', 'mail')
  async swap(
    @Param('token') token: string,
    @Param('rid', uuidPipe('rid')) rid: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ) {
    const input = personOf(body);
    const again = async (status: number, shown: object) => {
      const group = await this.groups.getWithEvent(token);
      res.status(status).render('public/group-swap', {
        ...this.pageData(token, group, res),
        person: member(group, rid),
        values: valuesOf(body, PERSON_FIELDS),
        ...shown,
      });
    };
    const form = await readForm(PersonDto, input);
    if (!form.ok) return again(400, { fieldErrors: friendlyErrors(form.fieldErrors, input) });
    try {
      await this.groups.swap(token, rid, form.value);
    } catch (error) {
      return again(409, alreadyBesideEmail(registrationFormError(error)));
    }
    res.redirect(303, pagePath('group', token, '?done=swapped#people'));
  }

  /** The confirmation step before cancelling one person. */
  @Get(':token/attendees/:rid/cancel')
  @RateLimit('public', 'link')
  async cancelPage(@Param('token') token: string, @Param('rid', uuidPipe('rid')) rid: string, @Res() res: Response) {
    const group = await this.groups.getWithEvent(token);
    res.render('public/group-cancel', { ...this.pageData(token, group, res), person: member(group, rid) });
  }

  @Post(':token/attendees/:rid/cancel')
  @HttpCode(200)
  @RateLimit('public', 'link', 'mail')
  async cancel(@Param('token') token: string, @Param('rid', uuidPipe('rid')) rid: string, @Res() res: Response) {
    await this.groups.cancel(token, rid);
    res.redirect(303, pagePath('group', token, '?done=cancelled#people'));
  }

  /** The page in the event's language; `posted`: the add form's answers as sent, with what was wrong. */
  private pageData(
    token: string,
    group: Group,
    res: Response,
    posted?: { asked: AskedQuestions; errors: AnswerError[] },
  ) {
    const { event } = group;
    const lang = usePageLanguage(res, event.language);
    const perPerson = questionsAsked(event.questions, 'person');
    const { title, when, where } = eventInLanguage(event, lang);
    const open = event.status !== 'cancelled';
    return {
      token,
      title,
      pageTitle: title,
      noindex: true,
      bodyClass: 'pub',
      group,
      event: {
        slug: event.slug,
        cancelled: event.status === 'cancelled',
        when,
        where,
      },
      people: group.attendees.map((a) => ({
        ...a,
        statusKey: `public.status.${a.status}`,
        active: open && a.status !== 'cancelled' && a.status !== 'rejected',
        answers: answerRows(perPerson, a.answers, lang),
      })),
      groupAnswers: answerRows(questionsAsked(event.questions, 'group'), group.answers, lang),
      addQuestions: controlsOf(posted?.asked ?? perPerson, lang, posted?.errors),
      brandHref: pagePath('event', event.slug),
    };
  }
}

function member(group: Group, rid: string) {
  const person = group.attendees.find((a) => a.id === rid);
  if (!person) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This person is not in the group');
  return person;
}

/** ALREADY_REGISTERED on a one-person form belongs beside its email field. */
function alreadyBesideEmail(shown: ReturnType<typeof registrationFormError>) {
  return shown.formError?.key === 'errors.ALREADY_REGISTERED'
    ? { ...shown, fieldErrors: { ...shown.fieldErrors, email: ['errors.ALREADY_REGISTERED'] } }
    : shown;
}
