import type { Actor } from '@tongxin/accounts';
import { DomainError, httpStatusOf } from '@tongxin/common';
import { Answers, countedOptions, EventsService, isActive, isCountable, Question } from '@tongxin/events';
import type { ImportReport, RegistrationsService } from '@tongxin/registrations';
import type { Response } from 'express';
import { answerRows, questionLabel } from '../answers';
import { formErrorOf } from '../forms';
import { hasMessage, Lang, translate } from '../i18n';
import { localsOf } from '../page-context';
import type { PageLocals } from '../view-engine';
import { eventHeading } from './event-heading';

/** Pieces the registrations and messages pages of the console share: errors, the import page. */

/** What a page shows about a failed action: the error's message key and its HTTP status. */
export function actionErrorOf(error: unknown): { status: number; actionError: PageLocals['formError'] } {
  const { formError } = formErrorOf(error);
  return { status: httpStatusOf((error as DomainError).code), actionError: formError };
}

/**
 * The import page: the upload form, and after an upload its row report or the error that stopped it. Shared by the
 * route and by the filter that turns upload errors (raised before the route runs) into this page.
 */
export async function renderImportPage(
  res: Response,
  services: { events: EventsService; registrations: RegistrationsService },
  actor: Actor,
  eventId: string,
  data: { status?: number; report?: ReturnType<typeof reportView>; values?: Record<string, unknown> } & Partial<
    Pick<PageLocals, 'formError' | 'fieldErrors'>
  > & { errorDetail?: string } = {},
): Promise<void> {
  // The overview checks the role first: the checkin role gets 403 here as on every registrations page.
  const { counts } = await services.registrations.overview(actor, eventId);
  const { event } = await services.events.get(actor, eventId);
  const { lang } = localsOf(res);
  res.status(data.status ?? 200).render('console/registrations/import', {
    pageTitle: `${translate(lang, 'registrations.import.title')} · ${event.title}`,
    event: eventHeading(event),
    total: counts.total,
    values: { notify: true, dryRun: false },
    ...data,
  });
}

/**
 * The list's filter by an answer (ListRegistrationsQuery `answer`): for each question the summary counts, its options
 * (`key:option`) and "not answered" (`key:-`), labelled in the page's language.
 */
export function answerFilterChoices(questions: Question[], lang: Lang) {
  return questions
    .filter((q) => isActive(q) && isCountable(q))
    .map((q) => {
      const label = questionLabel(q, lang);
      return {
        label,
        options: [
          ...countedOptions(q).map((o) => ({ value: `${q.key}:${o.key}`, label: questionLabel(o, lang) })),
          { value: `${q.key}:-`, label: translate(lang, 'answers.filterNone', { label }) },
        ],
      };
    });
}

/** A registration's answers as the list's compact column: the questions on the form that were answered. */
export function answersColumn(questions: Question[], answers: Answers, lang: Lang) {
  return answerRows(questions.filter(isActive), answers, lang).filter((row) => row.text !== null);
}

/** The row report as the page shows it: each rejected row's reason in the page's language when its code is known. */
export function reportView(report: ImportReport) {
  return {
    ...report,
    rejected: report.rejected.map((r) => {
      const key = `registrations.import.reason.${r.code}`;
      return { row: r.row, code: r.code, reasonKey: hasMessage(key) ? key : null, message: r.message };
    }),
  };
}
