import { AnswerError, changeAnswers, EventView, Question, questionsAsked } from '@tongxin/events';
import { ownAnswerScope, registrationClosedReason, RegistrationView } from '@tongxin/registrations';
import {
  answerChangesOf,
  answerMessages,
  answerRows,
  AnswerValues,
  questionControls,
  valuesOfAnswers,
  valuesOfForm,
} from '../answers';
import type { Lang } from '../i18n';
import { FORM_NAMES } from './question-forms';

/**
 * The answers on an attendee's own page (/r/:token): every question of the form with the answer given (the group's
 * too, for someone registered in a group), and the form to change those the organizer left editable, while
 * registration is open and the registration still on. The service checks the change again (changeAnswers).
 */

type Posted = Record<string, unknown>;

/** The questions this attendee may change now (none once registration has closed). */
export function changeableQuestions(event: EventView, r: RegistrationView): Question[] {
  const on = r.status !== 'cancelled' && r.status !== 'rejected';
  if (!on || registrationClosedReason(event) !== null) return [];
  return questionsAsked(event.questions, ownAnswerScope(r)).filter((q) => q.editable);
}

/** A posted manage form's changes to the answers (undefined when it changes none: no answers part at all). */
export function answerChangesPosted(event: EventView, r: RegistrationView, body: Posted) {
  const changeable = changeableQuestions(event, r);
  const values = valuesOfForm(changeable, body, FORM_NAMES.name);
  const patch = changeable.length ? answerChangesOf(changeable, values) : undefined;
  const checked = patch && changeAnswers(event.questions, r.answers, patch, ownAnswerScope(r));
  return { values, patch, problems: checked && !checked.ok ? checked.errors : [] };
}

/** What the manage page shows of the answers: the list, the note once closed, and the controls to change them. */
export function manageAnswers(
  event: EventView,
  r: RegistrationView,
  lang: Lang,
  posted?: { values: AnswerValues; errors: AnswerError[] },
) {
  const shown = questionsAsked(event.questions, 'single');
  const changeable = changeableQuestions(event, r);
  const ownEditable = questionsAsked(event.questions, ownAnswerScope(r)).some((q) => q.editable);
  const values = posted?.values ?? valuesOfAnswers(r.answers);
  const messages = answerMessages(changeable, posted?.errors ?? []);
  return {
    answers: answerRows(shown, r.answers, lang).map((row) => ({
      ...row,
      editable: changeable.some((q) => q.key === row.key),
    })),
    answersClosed: ownEditable && changeable.length === 0 && r.status !== 'cancelled' && r.status !== 'rejected',
    answerControls: questionControls(changeable, lang, values, messages, FORM_NAMES),
  };
}
