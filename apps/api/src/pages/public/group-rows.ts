import type { AnswerError, Question } from '@tongxin/events';
import { answerMessages, answersOf, AnswerValues, questionControls, valuesOfForm } from '../answers';
import type { Lang } from '../i18n';
import { Body, fieldList, personOf } from './public-views';
import { rowNames } from './question-forms';

/** Rows of attendees a group form starts with, and how many more a press of "add rows" gives (without JavaScript). */
export const GROUP_ROWS = 3;
export const MAX_GROUP_ROWS = 200;

/** One attendee's row as posted: the person's fields and their answers to the questions asked of each person. */
export interface Row {
  name: string;
  email: string;
  phone: string;
  jobTitle: string;
  answers: AnswerValues;
}

/**
 * The rows of attendees as posted: each person field once per row, in order, and each row's answers under its own
 * number (`a.<row>.q.<key>`: radios of two rows must not share a name). The rows' email fields are named `attendees`,
 * the field the mail rate limit counts (one message per entry, as for the JSON API's attendees).
 */
export function rowsOf(body: Body, perPerson: Question[]): Row[] {
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
    answers: valuesOfForm(perPerson, body, rowNames(i).name),
  }));
}

/** A row someone wrote in: a person field or an answer. */
export function isFilled(row: Row): boolean {
  const typed = [row.name, row.email, row.phone, row.jobTitle].some((v) => v.trim() !== '');
  return typed || Object.values(row.answers).some((values) => values.some((v) => v.trim() !== ''));
}

/** A row as the group input's attendee: the person's fields (empty ones left out) and their answers. */
export function attendeeOf(row: Row, perPerson: Question[]) {
  return {
    ...personOf({ name: row.name, email: row.email, phone: row.phone, jobTitle: row.jobTitle }),
    answers: answersOf(perPerson, row.answers),
  };
}

export function emptyRows(count: number): Row[] {
  return Array.from({ length: count }, () => ({ name: '', email: '', phone: '', jobTitle: '', answers: {} }));
}

export function clampRows(n: number): number {
  return Math.min(Math.max(Math.trunc(n), 1), MAX_GROUP_ROWS);
}

/**
 * Each row with its number, the errors of its fields (attendees.<i>.<field>) and its questions' controls (with the
 * errors of attendees.<i>.answers.<key>).
 */
export function rowsWithErrors(
  rows: Row[],
  errors: object | undefined,
  lang: Lang,
  perPerson: Question[],
  answerErrors: AnswerError[] = [],
) {
  const all = (errors ?? {}) as Record<string, string[]>;
  const messages = answerMessages(perPerson, answerErrors);
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
    questions: questionControls(perPerson, lang, row.answers, messages, rowNames(i)),
  }));
}

/** The controls of the row a script adds (its number is filled in by group-form.js). */
export function rowTemplateQuestions(perPerson: Question[], lang: Lang) {
  return questionControls(perPerson, lang, {}, {}, rowNames('__INDEX__'));
}
