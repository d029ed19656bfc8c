import { DomainError, ErrorCode } from '@tongxin/common';
import { Question, QUESTION_TYPES } from '@tongxin/events';
import type { FieldErrors } from '../../forms';
import { Form, rowFields, rowIndexes, str, withSpareRows } from './form-values';

/**
 * The event form's registration questions, without a script: one row a question (`questions.3.key`, …), spare empty
 * rows to add one, a position number to order them, a box to take one off the form. Options are written one a line,
 * `key|中文|English`. What a question may be is the API's rule (QuestionInputDto, questions/question-rules.ts); this
 * only reads the rows into the API's list and places its errors beside the rows they concern.
 */

const TEXTS = ['key', 'type', 'labelZh', 'labelEn', 'helpZh', 'helpEn', 'options', 'min', 'max', 'maxLength'] as const;
const FLAGS = ['required', 'integer', 'perPerson', 'editable', 'visibleToCheckin', 'remove'] as const;
const FIELDS = [...TEXTS, ...FLAGS, 'position'] as const;

export type QuestionRow = { index: number; position: string } & Record<(typeof TEXTS)[number], string> &
  Record<(typeof FLAGS)[number], boolean>;

const ticked = (v: unknown) => v === 'on' || v === 'true';

export function questionRowsOf(form: Form): QuestionRow[] {
  return rowIndexes(form, 'questions').map((i) => {
    const row = { index: i, position: str(form[`questions.${i}.position`]) } as QuestionRow;
    for (const name of TEXTS) row[name] = str(form[`questions.${i}.${name}`]);
    for (const name of FLAGS) row[name] = ticked(form[`questions.${i}.${name}`]);
    return row;
  });
}

/** A row someone wrote in (the boxes and the position of a spare row do not count). */
export const isQuestionFilled = (row: QuestionRow): boolean =>
  TEXTS.some((name) => name !== 'type' && row[name].trim() !== '');

/** An event's questions on the form (those still on it), in order. */
export function questionRowsOfEvent(questions: Question[]): QuestionRow[] {
  return questions
    .filter((q) => q.removedAt === null)
    .map((q, index) => ({
      index,
      position: String(index + 1),
      key: q.key,
      type: q.type,
      labelZh: q.labelZh,
      labelEn: q.labelEn ?? '',
      helpZh: q.helpZh ?? '',
      helpEn: q.helpEn ?? '',
      options: q.options.map((o) => [o.key, o.labelZh, o.labelEn].filter(Boolean).join('|')).join('\n'),
      min: q.min === null ? '' : String(q.min),
      max: q.max === null ? '' : String(q.max),
      maxLength: q.maxLength === null ? '' : String(q.maxLength),
      required: q.required,
      integer: q.integer,
      perPerson: q.perPerson,
      editable: q.editable,
      visibleToCheckin: q.visibleToCheckin,
      remove: false,
    }));
}

/** Options written one a line, `key|中文|English` (a full-width ｜ too; English optional). */
function optionsOf(text: string): { key: string; labelZh: string; labelEn: string | null }[] | 'unreadable' {
  const options = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trim())) {
    if (!line) continue;
    const [key = '', labelZh = '', ...en] = line.split(/[|｜]/).map((part) => part.trim());
    if (!key || !labelZh) return 'unreadable';
    options.push({ key, labelZh, labelEn: en.join('|').trim() || null });
  }
  return options;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The rows as the API's whole list of questions: the filled rows not taken off the form, by position (then row).
 * `paths` learns which row each question came from (`questions.1` → `questions.3`); a bound or an option list that
 * cannot be read is an error of its row, and is left out.
 */
export function questionsInput(
  rows: QuestionRow[],
  paths: Map<string, string>,
  errors: FieldErrors,
): Record<string, unknown>[] {
  const position = (row: QuestionRow) => (NUMBER.test(row.position.trim()) ? Number(row.position) : Infinity);
  const kept = rows
    .filter((row) => isQuestionFilled(row) && !row.remove)
    .sort((a, b) => position(a) - position(b) || a.index - b.index);
  return kept.map((row, n) => {
    paths.set(`questions.${n}`, `questions.${row.index}`);
    const field = (name: string) => `questions.${row.index}.${name}`;
    const text = (value: string) => value.trim() || null;
    const number = (name: 'min' | 'max' | 'maxLength') => {
      const value = row[name].trim();
      if (!value) return null;
      if (NUMBER.test(value)) return Number(value);
      errors[field(name)] = ['questions.rule.number'];
      return null;
    };
    const options = optionsOf(row.options);
    if (options === 'unreadable') errors[field('options')] = ['questions.rule.optionLine'];
    return {
      key: row.key.trim(),
      type: row.type,
      labelZh: row.labelZh.trim(),
      labelEn: text(row.labelEn),
      helpZh: text(row.helpZh),
      helpEn: text(row.helpEn),
      required: row.required,
      ...(options !== 'unreadable' && options.length > 0 ? { options } : {}),
      min: number('min'),
      max: number('max'),
      integer: row.integer,
      maxLength: number('maxLength'),
      perPerson: row.perPerson,
      editable: row.editable,
      visibleToCheckin: row.visibleToCheckin,
    };
  });
}

/** A question field's DTO path (`questions.1.options.2.key`) as the form field of its row (`questions.3.options`). */
export function questionFieldOf(path: string, paths: Map<string, string>): string {
  const m = /^questions\.(\d+)(?:\.(\w+))?/.exec(path);
  if (!m) return path;
  const row = paths.get(`questions.${m[1]}`) ?? `questions.${m[1]}`;
  return `${row}.${m[2] ?? 'key'}`;
}

/** What the question rules' message (questions/question-rules.ts) says, as the console's message key. */
export function questionRuleKey(path: string, messages: string[]): string {
  const said = (part: string) => messages.some((m) => m.includes(part));
  if (/\.options\.\d+\.key$/.test(path)) return 'questions.rule.optionKey';
  if (/\.key$/.test(path)) return said('used by another') ? 'questions.rule.keyTwice' : 'questions.rule.key';
  if (/\.options$/.test(path)) {
    if (said('needs options')) return 'questions.rule.needsOptions';
    return said('has no options') ? 'questions.rule.noOptions' : 'validation.default';
  }
  if (/\.(min|max)$/.test(path)) {
    if (said('picks')) return 'questions.rule.picks';
    if (said('takes no min')) return 'questions.rule.bounds';
    return said('less than min') ? 'questions.rule.maxBelowMin' : 'validation.default';
  }
  if (/\.integer$/.test(path)) return 'questions.rule.integer';
  if (/\.maxLength$/.test(path)) return 'questions.rule.maxLength';
  return 'validation.default';
}

/**
 * 409 QUESTION_HAS_ANSWERS beside the row of the question it names: the type, or the options that answers use, with
 * how many answers use them.
 */
export function questionConflictOf(
  error: DomainError,
  form: Form,
): { field: string; key: string; vars: Record<string, unknown> } | undefined {
  if (error.code !== ErrorCode.QUESTION_HAS_ANSWERS) return undefined;
  const details = error.details ?? {};
  const row = questionRowsOf(form).find((r) => r.key.trim() === details.question && !r.remove);
  if (!row) return undefined;
  const options = details.options as string[] | undefined;
  return options
    ? {
        field: `questions.${row.index}.options`,
        key: 'questions.hasAnswers.options',
        vars: { n: details.answers, options: options.join(', ') },
      }
    : { field: `questions.${row.index}.type`, key: 'questions.hasAnswers.type', vars: { n: details.answers } };
}

/** The rows as the form shows them: the given ones, then spare ones, with their fields' names and the types. */
export function questionRowsView(rows: QuestionRow[]) {
  const shown = withSpareRows(rows, isQuestionFilled, () => ({
    position: '',
    key: '',
    type: 'text',
    labelZh: '',
    labelEn: '',
    helpZh: '',
    helpEn: '',
    options: '',
    min: '',
    max: '',
    maxLength: '',
    required: false,
    integer: false,
    perPerson: true,
    editable: true,
    visibleToCheckin: false,
    remove: false,
  }));
  return shown.map((row, i) => ({
    ...row,
    number: i + 1,
    position: row.position || String(i + 1),
    named: row.key.trim() !== '',
    f: rowFields('questions', row.index, FIELDS),
    types: QUESTION_TYPES.map((code) => ({ code, key: `questions.type.${code}`, selected: code === row.type })),
  }));
}
