import { AnswerError, AnswerScope, Question, questionsAsked, readAnswers } from '@tongxin/events';
import {
  answerMessages,
  answersOf,
  AnswerValues,
  ControlNames,
  QuestionControl,
  questionControls,
  valuesOfForm,
} from '../answers';
import type { Lang } from '../i18n';

/**
 * The questions of the public forms: which a form asks (one person: all; a group: the group's once at the top, each
 * person's in every row), their fields' names, and the check a page runs before the service so that a form comes back
 * with every wrong field at once (the same readAnswers the service runs again).
 */

type Posted = Record<string, unknown>;

/** Fields of a one-person form and of a group's own questions: `q.<key>`, ids `f-q-<key>`, errors `answers.<key>`. */
export const FORM_NAMES: ControlNames = { name: 'q.', id: 'f-q-', errors: 'answers' };

/** Fields of the questions of a group's row: `a.<row>.q.<key>`, errors `attendees.<row>.answers.<key>`. */
export const rowNames = (row: number | string): ControlNames => ({
  name: `a.${row}.q.`,
  id: `a-${row}-q-`,
  errors: `attendees.${row}.answers`,
});

/** What a form of a scope asks, the values posted for it, and the answers they make. */
export interface AskedQuestions {
  asked: Question[];
  values: AnswerValues;
  answers: Record<string, unknown>;
}

export function askedIn(questions: Question[], scope: AnswerScope, body: Posted = {}): AskedQuestions {
  const asked = questionsAsked(questions, scope);
  const values = valuesOfForm(asked, body, FORM_NAMES.name);
  return { asked, values, answers: answersOf(asked, values) };
}

/** The controls of `asked`, with the messages of `errors` beside their questions. */
export function controlsOf(
  asked: AskedQuestions | Question[],
  lang: Lang,
  errors: AnswerError[] = [],
  names: ControlNames = FORM_NAMES,
): QuestionControl[] {
  const { asked: questions, values } = Array.isArray(asked) ? { asked, values: {} } : asked;
  return questionControls(questions, lang, values, answerMessages(questions, errors), names);
}

/** The answers' errors before anything is sent on: what readAnswers says of one form's answers (none when valid). */
export function answerProblems(
  questions: Question[],
  answers: Record<string, unknown>,
  scope: AnswerScope,
  prefix = 'answers',
): AnswerError[] {
  const result = readAnswers(questions, answers, scope, prefix);
  return result.ok ? [] : result.errors;
}
