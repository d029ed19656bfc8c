import type { FieldError } from '@tongxin/common';
import { Answer, Answers, AnswerScope, ConsentAnswer, isActive, Question, questionsAsked } from './question.types';

/**
 * Checking answers against an event's questions (pure): every registration path (the JSON API, the pages, groups,
 * the import) reads answers through here, so one rule says what a valid answer is and how it is stored.
 */

/** What rule an answer broke; pages show it from their catalogue (`answers.<rule>`), the API in both languages. */
export type AnswerRule =
  | 'unknown'
  | 'notAsked'
  | 'notEditable'
  | 'required'
  | 'type'
  | 'maxLength'
  | 'integer'
  | 'min'
  | 'max'
  | 'option'
  | 'minPicks'
  | 'maxPicks'
  | 'date'
  | 'consent';

/** A field error about one answer: the English message in `errors`, the rule, and the Chinese message. */
export interface AnswerError extends FieldError {
  rule: AnswerRule;
  messageZh: string;
}

export type AnswersResult = { ok: true; answers: Answers } | { ok: false; errors: AnswerError[] };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return day.toISOString().slice(0, 10) === value;
}

/** An answer left out: undefined, null, an empty string, an empty list, or a consent not given. */
function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A consent as sent: `true`, or the stored shape `{ accepted: true }` (a client sending back what it read). */
function consentGiven(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const accepted = (value as { accepted?: unknown }).accepted;
    if (typeof accepted === 'boolean') return accepted;
  }
  return undefined;
}

interface Problem {
  rule: AnswerRule;
  en: string;
  zh: string;
}

/** One answer checked against its question: the value to store (undefined: no answer), or what is wrong. */
function checkAnswer(q: Question, value: unknown, enforceRequired = true): { stored?: Answer } | { problem: Problem } {
  const fail = (rule: AnswerRule, en: string, zh: string) => ({ problem: { rule, en, zh } });
  const consent = q.type === 'consent' ? consentGiven(value) : undefined;
  const blank = q.type === 'consent' ? consent !== true && (isBlank(value) || consent === false) : isBlank(value);
  if (blank) {
    if (!q.required || !enforceRequired) return {};
    return q.type === 'consent'
      ? fail('consent', 'must be accepted', '须勾选同意')
      : fail('required', 'is required', '为必答题');
  }
  switch (q.type) {
    case 'text':
    case 'long_text': {
      if (typeof value !== 'string') return fail('type', 'must be text', '须为文字');
      const trimmed = value.trim();
      if (q.maxLength !== null && trimmed.length > q.maxLength) {
        return fail('maxLength', `must be at most ${q.maxLength} characters`, `不能超过${q.maxLength}个字`);
      }
      return { stored: trimmed };
    }
    case 'number': {
      const n = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return fail('type', 'must be a number', '须为数字');
      if (q.integer && !Number.isInteger(n)) return fail('integer', 'must be a whole number', '须为整数');
      if (q.min !== null && n < q.min) return fail('min', `must be at least ${q.min}`, `不能小于${q.min}`);
      if (q.max !== null && n > q.max) return fail('max', `must be at most ${q.max}`, `不能大于${q.max}`);
      return { stored: n };
    }
    case 'choice':
    case 'organization_field': {
      if (typeof value !== 'string' || !q.options.some((o) => o.key === value)) {
        return fail('option', `must be one of: ${q.options.map((o) => o.key).join(', ')}`, '须从选项中选择一项');
      }
      return { stored: value };
    }
    case 'multi_choice': {
      const picks = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(picks) || picks.some((p) => typeof p !== 'string' || !q.options.some((o) => o.key === p))) {
        return fail('option', `must be a list of: ${q.options.map((o) => o.key).join(', ')}`, '只能从选项中选择');
      }
      const unique = q.options.map((o) => o.key).filter((key) => picks.includes(key));
      if (q.min !== null && unique.length < q.min) {
        return fail('minPicks', `must pick at least ${q.min}`, `至少选择${q.min}项`);
      }
      if (q.max !== null && unique.length > q.max) {
        return fail('maxPicks', `must pick at most ${q.max}`, `最多选择${q.max}项`);
      }
      return unique.length ? { stored: unique } : {};
    }
    case 'yes_no':
      if (typeof value !== 'boolean') return fail('type', 'must be true or false', '须选择“是”或“否”');
      return { stored: value };
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value.trim())) {
        return fail('date', 'must be a date written YYYY-MM-DD', '须为日期（年-月-日）');
      }
      return { stored: value.trim() };
    case 'consent':
      if (consent === undefined) return fail('type', 'must be true or false', '须勾选或不勾选');
      return { stored: { accepted: true, version: q.version } satisfies ConsentAnswer };
  }
}

function answerError(prefix: string, q: Question | undefined, key: string, p: Problem): AnswerError {
  const field = `${prefix}.${key}`;
  const label = q ? `“${q.labelZh}”` : `“${key}”`;
  return { field, errors: [`${field} ${p.en}`], rule: p.rule, messageZh: `${label}${p.zh}` };
}

function notAsked(prefix: string, key: string, question: Question | undefined, scope: AnswerScope): AnswerError {
  if (!question || !isActive(question)) {
    return answerError(prefix, undefined, key, {
      rule: 'unknown',
      en: 'is not a question of this event',
      zh: '不是本活动的问题',
    });
  }
  const once = scope === 'person';
  return answerError(prefix, question, key, {
    rule: 'notAsked',
    en: once ? 'is asked once for the group (in the group answers)' : 'is asked of each person (in their answers)',
    zh: once ? '由报名代表为全组回答一次' : '由每位参会人各自回答',
  });
}

/**
 * Checks a whole set of answers for a new registration: every question the scope asks (required ones answered,
 * unless `required` is false: an organizer's import may not have every answer), nothing else. Returns the answers
 * to store (blank ones left out, consents stamped with their version), or one error per field, named
 * `<prefix>.<key>`.
 */
export function readAnswers(
  questions: Question[],
  input: unknown,
  scope: AnswerScope,
  prefix = 'answers',
  { required = true }: { required?: boolean } = {},
): AnswersResult {
  const given = isPlainObject(input) ? input : {};
  if (input !== undefined && input !== null && !isPlainObject(input)) {
    return {
      ok: false,
      errors: [
        {
          field: prefix,
          errors: [`${prefix} must be an object of answers by question key`],
          rule: 'type',
          messageZh: '回答的格式不正确',
        },
      ],
    };
  }
  const asked = questionsAsked(questions, scope);
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const errors: AnswerError[] = [];
  for (const key of Object.keys(given)) {
    if (!asked.some((q) => q.key === key)) errors.push(notAsked(prefix, key, byKey.get(key), scope));
  }
  const answers: Answers = {};
  for (const q of asked) {
    const result = checkAnswer(q, given[q.key], required);
    if ('problem' in result) errors.push(answerError(prefix, q, q.key, result.problem));
    else if (result.stored !== undefined) answers[q.key] = result.stored;
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers };
}

/**
 * Checks an attendee's change to their own answers (manage page): only questions the organizer made editable, of
 * the attendee's own scope; a key left out keeps its answer, null (or blank) clears an optional one. Returns the
 * whole set to store.
 */
export function changeAnswers(
  questions: Question[],
  current: Answers,
  patch: unknown,
  scope: AnswerScope,
  prefix = 'answers',
): AnswersResult {
  if (!isPlainObject(patch)) {
    return {
      ok: false,
      errors: [{ field: prefix, errors: [`${prefix} must be an object`], rule: 'type', messageZh: '回答的格式不正确' }],
    };
  }
  const asked = questionsAsked(questions, scope);
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const errors: AnswerError[] = [];
  const answers: Answers = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const q = asked.find((x) => x.key === key);
    if (!q) {
      errors.push(notAsked(prefix, key, byKey.get(key), scope));
      continue;
    }
    if (!q.editable) {
      errors.push(
        answerError(prefix, q, key, {
          rule: 'notEditable',
          en: 'cannot be changed after registering',
          zh: '报名后不能修改',
        }),
      );
      continue;
    }
    const result = checkAnswer(q, value);
    if ('problem' in result) errors.push(answerError(prefix, q, key, result.problem));
    else if (result.stored === undefined) delete answers[key];
    else answers[key] = result.stored;
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers };
}

/** Answers of the group's questions laid over one person's: the whole set stored on that person's registration. */
export function withGroupAnswers(person: Answers, group: Answers): Answers {
  return { ...group, ...person };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
