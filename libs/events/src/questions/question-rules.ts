import type { FieldError } from '@tongxin/common';
import {
  DEFAULT_MAX_LENGTH,
  isActive,
  LONG_TEXT_MAX_LENGTH,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  OPTION_TYPES,
  Question,
  QUESTION_KEY_PATTERN,
  QuestionInput,
  TEXT_MAX_LENGTH,
} from './question.types';

/**
 * The rules of question definitions (pure): what a list an organizer sends must satisfy, and how it is merged with
 * the list the event had, so that no answer already given is lost or changes its meaning.
 */

const text = (value: string | null | undefined) => value?.trim() || null;

/** Problems with a list of questions as sent, field by field (`questions.2.options.1.key`). */
export function questionProblems(input: QuestionInput[]): FieldError[] {
  const problems: FieldError[] = [];
  const problem = (field: string, message: string) => problems.push({ field: `questions.${field}`, errors: [message] });
  if (input.length > MAX_QUESTIONS) problem('', `at most ${MAX_QUESTIONS} questions`);
  const keys = input.map((q) => q.key);
  input.forEach((q, i) => {
    if (!QUESTION_KEY_PATTERN.test(q.key)) {
      problem(`${i}.key`, 'key must be 1-40 lower-case letters, digits or _, starting with a letter');
    }
    if (keys.indexOf(q.key) !== i) problem(`${i}.key`, `key ${q.key} is used by another question`);
    const hasOptions = OPTION_TYPES.includes(q.type);
    const options = q.options ?? [];
    if (hasOptions && options.length === 0) problem(`${i}.options`, `a ${q.type} question needs options`);
    if (!hasOptions && options.length > 0) problem(`${i}.options`, `a ${q.type} question has no options`);
    if (options.length > MAX_OPTIONS) problem(`${i}.options`, `at most ${MAX_OPTIONS} options`);
    const optionKeys = options.map((o) => o.key);
    options.forEach((o, j) => {
      if (!QUESTION_KEY_PATTERN.test(o.key)) {
        problem(`${i}.options.${j}.key`, 'key must be 1-40 lower-case letters, digits or _, starting with a letter');
      }
      if (optionKeys.indexOf(o.key) !== j) problem(`${i}.options.${j}.key`, `option ${o.key} is listed twice`);
    });
    const bounded = q.type === 'number' || q.type === 'multi_choice';
    if (!bounded && (q.min != null || q.max != null)) problem(`${i}.min`, `a ${q.type} question takes no min or max`);
    if (q.min != null && q.max != null && q.min > q.max) problem(`${i}.max`, 'max must not be less than min');
    if (q.type === 'multi_choice') {
      for (const bound of ['min', 'max'] as const) {
        const n = q[bound];
        if (n != null && (!Number.isInteger(n) || n < 0 || n > options.length)) {
          problem(`${i}.${bound}`, `${bound} picks must be a whole number from 0 to the number of options`);
        }
      }
    }
    if (q.integer && q.type !== 'number') problem(`${i}.integer`, 'only a number question can be whole numbers only');
    const longest = q.type === 'text' ? TEXT_MAX_LENGTH : q.type === 'long_text' ? LONG_TEXT_MAX_LENGTH : 0;
    if (q.maxLength != null && (longest === 0 || q.maxLength > longest)) {
      problem(
        `${i}.maxLength`,
        longest ? `maxLength must be at most ${longest}` : `a ${q.type} question takes no maxLength`,
      );
    }
  });
  return problems;
}

/** A question as sent, with every default filled in (and the version and removal carried over by mergeQuestions). */
export function toQuestion(q: QuestionInput): Question {
  return {
    key: q.key,
    type: q.type,
    labelZh: q.labelZh.trim(),
    labelEn: text(q.labelEn),
    helpZh: text(q.helpZh),
    helpEn: text(q.helpEn),
    required: q.required ?? false,
    options: (q.options ?? []).map((o) => ({ key: o.key, labelZh: o.labelZh.trim(), labelEn: text(o.labelEn) })),
    min: q.min ?? null,
    max: q.max ?? null,
    integer: q.integer ?? false,
    maxLength: q.maxLength ?? DEFAULT_MAX_LENGTH[q.type] ?? null,
    // An organization's field of work is the delegate's to give for the whole group; anything else each person's.
    perPerson: q.perPerson ?? q.type !== 'organization_field',
    editable: q.editable ?? true,
    visibleToCheckin: q.visibleToCheckin ?? false,
    version: 1,
    removedAt: null,
  };
}

/** A change to the questions that would change what answers already given mean: refused while they exist. */
export type QuestionConflict =
  | { kind: 'type'; key: string; from: Question['type']; to: Question['type'] }
  | { kind: 'options'; key: string; options: string[] };

export interface MergedQuestions {
  /** The new list: the questions sent, in order, then the removed ones that keep answers (removedAt set). */
  questions: Question[];
  /** Keys taken off the form by this change (kept as removed if they have answers, else dropped). */
  removed: string[];
  /** Changes allowed only if no answer uses what they change. */
  conflicts: QuestionConflict[];
}

/**
 * Merges a new list into the one an event had. A question taken off the form stays, marked removed; a removed key
 * sent again comes back with its answers (so an accident is undone by sending it again). A consent's version moves
 * when its statement (label or help, either language) changes, so an answer says which text was accepted.
 */
export function mergeQuestions(previous: Question[], input: QuestionInput[], now: Date): MergedQuestions {
  const before = new Map(previous.map((q) => [q.key, q]));
  const sent = new Set(input.map((q) => q.key));
  const conflicts: QuestionConflict[] = [];
  const questions = input.map((raw) => {
    const q = toQuestion(raw);
    const old = before.get(q.key);
    if (!old) return q;
    if (old.type !== q.type) {
      conflicts.push({ kind: 'type', key: q.key, from: old.type, to: q.type });
      return q;
    }
    const kept = new Set(q.options.map((o) => o.key));
    const dropped = old.options.map((o) => o.key).filter((key) => !kept.has(key));
    if (dropped.length > 0) conflicts.push({ kind: 'options', key: q.key, options: dropped });
    const statement = (x: Question) => [x.labelZh, x.labelEn, x.helpZh, x.helpEn].join('\u0000');
    q.version = q.type === 'consent' && statement(old) !== statement(q) ? old.version + 1 : old.version;
    return q;
  });
  const removed = previous.filter((q) => isActive(q) && !sent.has(q.key)).map((q) => q.key);
  const stillRemoved = previous
    .filter((q) => !sent.has(q.key))
    .map((q) => (isActive(q) ? { ...q, removedAt: now.toISOString() } : q));
  return { questions: [...questions, ...stillRemoved], removed, conflicts };
}

/** What a 409 says about a change refused because answers use it. */
export function conflictMessage(conflict: QuestionConflict, answers: number): string {
  const them = answers === 1 ? '1 answer uses it' : `${answers} answers use it`;
  return conflict.kind === 'type'
    ? `Question ${conflict.key} cannot change from ${conflict.from} to ${conflict.to}: ${them}`
    : `Option ${conflict.options.join(', ')} of question ${conflict.key} cannot be removed or renamed: ${them}`;
}
