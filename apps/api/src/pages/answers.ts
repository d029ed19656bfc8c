import { DomainError, ErrorCode } from '@tongxin/common';
import type { Answer, AnswerError, AnswerRule, Answers, Question } from '@tongxin/events';
import { Lang, translate } from './i18n';

/**
 * Registration questions on the pages, shaping only: a form's fields as the answers the services take, answers as a
 * form's values and as text, and each question as the control that asks it. What an answer must be is
 * libs/events answers.ts's rule (readAnswers, changeAnswers); its errors are shown here by their rule.
 */

type Posted = Record<string, unknown>;

/** What a form shows in a question's field: every value posted (or stored) for it, as strings. */
export type AnswerValues = Record<string, string[]>;

/** A message key of the catalogue and its placeholders, shown beside one question. */
export interface AnswerMessage {
  key: string;
  vars: Record<string, unknown>;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

/** The questions' fields of a posted form (`<prefix><key>`, e.g. `q.diet` or `a.2.q.diet`), by question key. */
export function valuesOfForm(questions: Question[], body: Posted, prefix: string): AnswerValues {
  return Object.fromEntries(questions.map((q) => [q.key, strings(body[`${prefix}${q.key}`])]));
}

/** Stored answers as a form's values: yes/no as `yes`/`no`, a consent as a ticked box, a number as its text. */
export function valuesOfAnswers(answers: Answers): AnswerValues {
  const asValues = (a: Answer): string[] => {
    if (Array.isArray(a)) return a;
    if (typeof a === 'boolean') return [a ? 'yes' : 'no'];
    if (typeof a === 'object') return a.accepted ? ['on'] : [];
    return [String(a)];
  };
  return Object.fromEntries(Object.entries(answers).map(([key, a]) => [key, asValues(a)]));
}

/**
 * One question's values as the services take its answer (undefined: not answered): yes/no as a boolean, ticked boxes
 * as a list of option keys, a ticked consent as true, a number as the text typed (the rule accepts numeric text and
 * says what is wrong with anything else), the rest as the text. Anything unexpected goes on as posted, for the rule.
 */
function answerOf(q: Question, values: string[]): unknown {
  const first = values[0];
  switch (q.type) {
    case 'multi_choice':
      return values.length ? values : undefined;
    case 'yes_no':
      return first === 'yes' ? true : first === 'no' ? false : first || undefined;
    case 'consent':
      return first === undefined ? undefined : first === 'on' || first === 'true';
    default:
      return first === undefined || first.trim() === '' ? undefined : first;
  }
}

/** A new registration's answers (blank ones left out), for `answers` of the registration and group inputs. */
export function answersOf(questions: Question[], values: AnswerValues): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const answer = answerOf(q, values[q.key] ?? []);
    if (answer !== undefined) answers[q.key] = answer;
  }
  return answers;
}

/** The manage page's changes: each question the form showed, null where it was left blank (clears an answer). */
export function answerChangesOf(questions: Question[], values: AnswerValues): Record<string, unknown> {
  return Object.fromEntries(questions.map((q) => [q.key, answerOf(q, values[q.key] ?? []) ?? null]));
}

/** The answer errors a service refused a form with (VALIDATION_FAILED fields that carry a rule). */
export function answerErrorsIn(error: unknown): AnswerError[] {
  if (!(error instanceof DomainError) || error.code !== ErrorCode.VALIDATION_FAILED) return [];
  const fields = (error.details?.fields ?? []) as Partial<AnswerError>[];
  return fields.filter((f): f is AnswerError => typeof f.rule === 'string' && typeof f.field === 'string');
}

/** The message of a broken rule, with the question's own bound (the longest answer, the fewest picks…). */
function messageOf(q: Question | undefined, rule: AnswerRule): AnswerMessage {
  const vars: Record<string, unknown> = {};
  if (rule === 'maxLength') vars.max = q?.maxLength;
  if (rule === 'min' || rule === 'minPicks') vars.min = q?.min;
  if (rule === 'max' || rule === 'maxPicks') vars.max = q?.max;
  return { key: `answers.${rule}`, vars };
}

/** Answer errors by the field they name (`answers.diet`, `attendees.2.answers.diet`), as messages. */
export function answerMessages(questions: Question[], errors: AnswerError[]): Record<string, AnswerMessage> {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const messages: Record<string, AnswerMessage> = {};
  for (const e of errors) messages[e.field] ??= messageOf(byKey.get(e.field.split('.').pop() ?? ''), e.rule);
  return messages;
}

/** A question's own text in the page's language: English when there is some, else the Chinese. */
const inLang = (lang: Lang, zh: string | null, en: string | null): string | null =>
  lang === 'en' ? en || zh : zh || en;

export const questionLabel = (q: Pick<Question, 'labelZh' | 'labelEn'>, lang: Lang): string =>
  inLang(lang, q.labelZh, q.labelEn) ?? '';

/** What the control itself does not say about the answer a question wants: its length, range or picks. */
function hintOf(q: Question, lang: Lang): string | null {
  const t = (key: string, vars: Record<string, unknown> = {}) => translate(lang, `answers.hint.${key}`, vars);
  const range = (between: string, atLeast: string, atMost: string) => {
    if (q.min !== null && q.max !== null) return t(between, { min: q.min, max: q.max });
    if (q.min !== null) return t(atLeast, { min: q.min });
    return q.max !== null ? t(atMost, { max: q.max }) : null;
  };
  switch (q.type) {
    case 'text':
    case 'long_text':
      return q.maxLength !== null ? t('maxLength', { max: q.maxLength }) : null;
    case 'number': {
      const parts = [range('between', 'atLeast', 'atMost'), q.integer ? t('integer') : null].filter(Boolean);
      return parts.length ? parts.join(lang === 'en' ? '; ' : '，') : null;
    }
    case 'multi_choice':
      return range('picksBetween', 'picksAtLeast', 'picksAtMost');
    default:
      return null;
  }
}

export type ControlKind = 'text' | 'textarea' | 'number' | 'date' | 'radio' | 'checkboxes' | 'consent';

const KIND: Record<Question['type'], ControlKind> = {
  text: 'text',
  long_text: 'textarea',
  number: 'number',
  date: 'date',
  choice: 'radio',
  organization_field: 'radio',
  yes_no: 'radio',
  multi_choice: 'checkboxes',
  consent: 'consent',
};

/** One question as the form asks it (views/partials/question-field.hbs). */
export interface QuestionControl {
  key: string;
  /** The field's name (`q.diet`, `a.2.q.diet`) and the control's id (`f-q-diet`, `a-2-q-diet`). */
  name: string;
  id: string;
  kind: ControlKind;
  /** A group of radios or boxes (a fieldset with a legend), or one control with its label. */
  grouped: boolean;
  label: string;
  help: string | null;
  hint: string | null;
  required: boolean;
  value: string;
  checked: boolean;
  options: { value: string; label: string; id: string; checked: boolean }[];
  maxLength: number | null;
  min: number | null;
  max: number | null;
  step: string;
  inputMode: string | null;
  error: AnswerMessage | null;
  /** The ids of the help, hint and error, for aria-describedby. */
  describedBy: string;
}

export interface ControlNames {
  /** The field names' prefix (`q.`, `a.2.q.`), and the ids' (`f-q-`, `a-2-q-`). */
  name: string;
  id: string;
  /** The errors' field prefix (`answers`, `attendees.2.answers`). */
  errors: string;
}

/** The controls of a form's questions, in order, with their values and errors. */
export function questionControls(
  questions: Question[],
  lang: Lang,
  values: AnswerValues,
  errors: Record<string, AnswerMessage>,
  names: ControlNames,
): QuestionControl[] {
  return questions.map((q) => {
    const kind = KIND[q.type];
    const id = `${names.id}${q.key}`;
    const given = values[q.key] ?? [];
    const options =
      q.type === 'yes_no'
        ? [
            { key: 'yes', labelZh: translate(lang, 'answers.yes'), labelEn: null },
            { key: 'no', labelZh: translate(lang, 'answers.no'), labelEn: null },
          ]
        : q.options;
    const help = inLang(lang, q.helpZh, q.helpEn);
    const hint = hintOf(q, lang);
    const error = errors[`${names.errors}.${q.key}`] ?? null;
    return {
      key: q.key,
      name: `${names.name}${q.key}`,
      id,
      kind,
      grouped: kind === 'radio' || kind === 'checkboxes',
      label: questionLabel(q, lang),
      help,
      hint,
      required: q.required,
      value: given[0] ?? '',
      checked: given[0] === 'on' || given[0] === 'true',
      options: options.map((o) => ({
        value: o.key,
        label: inLang(lang, o.labelZh, o.labelEn) ?? o.key,
        id: `${id}-${o.key}`,
        checked: given.includes(o.key),
      })),
      maxLength: q.type === 'text' || q.type === 'long_text' ? q.maxLength : null,
      min: q.type === 'number' ? q.min : null,
      max: q.type === 'number' ? q.max : null,
      step: q.integer ? '1' : 'any',
      inputMode: q.type === 'number' ? (q.integer ? 'numeric' : 'decimal') : null,
      error,
      describedBy: [help && `${id}-help`, hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' '),
    };
  });
}

/** An answer as a person reads it (labels, not keys); null when there is none. */
export function answerText(q: Question, answer: Answer | undefined, lang: Lang): string | null {
  if (answer === undefined || answer === null) return null;
  const optionLabel = (key: string) => {
    const option = q.options.find((o) => o.key === key);
    return option ? (inLang(lang, option.labelZh, option.labelEn) ?? key) : key;
  };
  if (Array.isArray(answer)) return answer.map(optionLabel).join(translate(lang, 'answers.listSeparator'));
  if (typeof answer === 'boolean') return translate(lang, answer ? 'answers.yes' : 'answers.no');
  if (typeof answer === 'object') return answer.accepted ? translate(lang, 'answers.accepted') : null;
  if (q.type === 'choice' || q.type === 'organization_field') return optionLabel(String(answer));
  return String(answer);
}

/** Each question with the answer given to it (`text` null: not answered), for a page that lists answers. */
export function answerRows(questions: Question[], answers: Answers, lang: Lang) {
  return questions.map((q) => ({
    key: q.key,
    label: questionLabel(q, lang),
    text: answerText(q, answers[q.key], lang),
    editable: q.editable,
  }));
}
