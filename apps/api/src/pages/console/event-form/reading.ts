import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import type { OrganizationsService } from '@tongxin/organizations';
import { CreateEventDto, UpdateEventDto } from '../../../events/dto/event-input.dto';
import { FieldErrors, readForm, ticked } from '../../forms';
import { agendaInput, agendaRowsOf, isAgendaFilled } from './agenda';
import { Form, listOf, str } from './form-values';
import { HostRow, hostRowsOf, resolveHosts } from './hosts';
import { questionConflictOf, questionFieldOf, questionRowsOf, questionRuleKey, questionsInput } from './questions';
import { localToOffsetIso } from './time-zones';

/**
 * Reading the console's event form: what the browser posts (flat fields, `hosts.0.name`, `agenda.0.title`,
 * `questions.0.key`, times as datetime-local in the event's zone) read into the JSON API's CreateEventDto /
 * UpdateEventDto, and the service's errors placed beside the fields they concern. Translation of input only: every
 * rule is the DTO's and EventsService's.
 */

const DATE_FIELDS = ['startsAt', 'endsAt', 'registrationOpensAt', 'registrationClosesAt'] as const;
const REQUIRED = ['title', 'kind', 'startsAt', 'endsAt', 'language'] as const;
const OPTIONAL_TEXT = ['titleEn', 'description', 'venue', 'joinUrl'] as const;
const OPTIONAL_NUMBERS = ['capacity', 'perOrganizationLimit'] as const;

export type EventFormResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors; hosts: HostRow[] };

interface Built {
  input: Record<string, unknown>;
  /** DTO path prefix → form field (e.g. `hosts.1` → `hosts.3`: the second host given is the form's fourth row). */
  paths: Map<string, string>;
  hosts: HostRow[];
  errors: FieldErrors;
}

async function build(
  form: Form,
  mode: 'create' | 'update',
  organizations: OrganizationsService,
  actor: Actor,
): Promise<Built> {
  const input: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const paths = new Map<string, string>();
  const zone = str(form.timezone).trim() || 'Asia/Shanghai';
  input.timezone = zone;
  const blank = mode === 'update' ? null : undefined;
  for (const field of REQUIRED) {
    const value = str(form[field]).trim();
    if (!value) errors[field] = ['validation.isNotEmpty'];
    else input[field] = value;
  }
  for (const field of OPTIONAL_TEXT) {
    const value = str(form[field]).trim();
    input[field] = value ? (field === 'description' ? str(form[field]) : value) : blank;
  }
  for (const field of OPTIONAL_NUMBERS) {
    const value = str(form[field]).trim();
    input[field] = value ? (/^\d{1,9}$/.test(value) ? Number(value) : value) : blank;
  }
  const minutes = str(form.attendedMinMinutes).trim();
  if (minutes) input.attendedMinMinutes = /^\d{1,9}$/.test(minutes) ? Number(minutes) : minutes;
  for (const field of DATE_FIELDS) {
    const local = str(form[field]).trim();
    if (!local) {
      if (field.startsWith('registration')) input[field] = blank;
      continue;
    }
    input[field] = localToOffsetIso(local, zone) ?? local;
  }
  input.requiresApproval = ticked(form, 'requiresApproval');
  input.reminderOffsets = listOf(form.reminderOffsets);

  const hostRows = hostRowsOf(form);
  input.hosts = await resolveHosts(organizations, actor, hostRows, paths, errors);
  input.agenda = agendaInput(agendaRowsOf(form), zone, paths);
  // The whole list, as the API takes it (a question left out is taken off the form); a new event asks none unless given.
  const questions = questionsInput(questionRowsOf(form), paths, errors);
  if (mode === 'update' || questions.length > 0) input.questions = questions;

  if (mode === 'create') {
    const seriesId = str(form.seriesId);
    if (seriesId) input.seriesId = seriesId;
    const sequenceNo = str(form.sequenceNo).trim();
    if (seriesId && sequenceNo) input.sequenceNo = /^\d{1,9}$/.test(sequenceNo) ? Number(sequenceNo) : sequenceNo;
  }
  return { input, paths, hosts: hostRows, errors };
}

/** A DTO path (`agenda.1.title`) as the form field it came from (`agenda.3.title`). */
function formFieldOf(path: string, paths: Map<string, string>): string {
  if (path.startsWith('questions.')) return questionFieldOf(path, paths);
  const m = /^(hosts|agenda)\.(\d+)(.*)$/.exec(path);
  if (!m) return path.startsWith('reminderOffsets') ? 'reminderOffsets' : path;
  const row = paths.get(`${m[1]}.${m[2]}`) ?? `${m[1]}.${m[2]}`;
  const rest = m[1] === 'hosts' && (m[3] === '.organizationId' || m[3] === '') ? '.name' : m[3] || '.title';
  return `${row}${rest}`;
}

/** Validation keys of a date field: one message, whichever check failed. */
function tidy(errors: FieldErrors): FieldErrors {
  for (const [field, keys] of Object.entries(errors)) {
    if (/(At)$/.test(field) && !keys.some((k) => k.startsWith('console.'))) errors[field] = ['validation.isDateString'];
  }
  return errors;
}

/**
 * Reads the event form into the DTO of `mode` and validates it with the same class the JSON API uses. Field errors
 * come back under the form's own field names.
 */
export async function readEventForm(
  mode: 'create',
  form: Form,
  organizations: OrganizationsService,
  actor: Actor,
): Promise<EventFormResult<CreateEventDto>>;
export async function readEventForm(
  mode: 'update',
  form: Form,
  organizations: OrganizationsService,
  actor: Actor,
): Promise<EventFormResult<UpdateEventDto>>;
export async function readEventForm(
  mode: 'create' | 'update',
  form: Form,
  organizations: OrganizationsService,
  actor: Actor,
): Promise<EventFormResult<CreateEventDto | UpdateEventDto>> {
  const { input, paths, hosts, errors } = await build(form, mode, organizations, actor);
  const checked = mode === 'create' ? await readForm(CreateEventDto, input) : await readForm(UpdateEventDto, input);
  if (checked.ok && Object.keys(errors).length === 0) return { ok: true, value: checked.value };
  const fieldErrors: FieldErrors = { ...errors };
  if (!checked.ok) {
    for (const [path, keys] of Object.entries(checked.fieldErrors)) {
      const field = formFieldOf(path, paths);
      fieldErrors[field] ??= keys;
    }
  }
  // `hosts.0` on its own (the row's object) has no message worth showing when its parts have one.
  return { ok: false, fieldErrors: tidy(fieldErrors), hosts };
}

/** What the event rules say about a field, as a console message key. */
const RULE_KEYS: [RegExp, string][] = [
  [/^endsAt$/, 'console.rule.endsAfterStart'],
  [/^timezone$/, 'console.rule.timezone'],
  [/^venue$/, 'console.rule.venueRequired'],
  [/^joinUrl$/, 'console.rule.joinUrlRequired'],
  [/^registrationClosesAt$/, 'console.rule.closesAfterOpens'],
  [/^registrationOpensAt$/, 'console.rule.opensBeforeEnd'],
  [/^reminderOffsets/, 'console.rule.reminders'],
  [/^agenda\.\d+\.startsAt$/, 'console.rule.agendaWithinEvent'],
  [/^hosts\.\d+\.organizationId$/, 'console.rule.hostNotFound'],
  [/^hosts\.\d+$/, 'console.rule.hostTwice'],
];

/** Fields a domain error of the event service concerns. */
const FIELD_OF_CODE: Partial<Record<ErrorCode, [string, string]>> = {
  [ErrorCode.SERIES_NOT_FOUND]: ['seriesId', 'errors.SERIES_NOT_FOUND'],
  [ErrorCode.SEQUENCE_TAKEN]: ['sequenceNo', 'errors.SEQUENCE_TAKEN'],
  [ErrorCode.CAPACITY_BELOW_CONFIRMED]: ['capacity', 'errors.CAPACITY_BELOW_CONFIRMED'],
};

export interface EventFormErrors {
  formError: { key: string; vars?: Record<string, unknown> };
  fieldErrors: FieldErrors;
  /** Placeholders of a field's message (how many answers a question has). */
  fieldErrorVars?: Record<string, Record<string, unknown>>;
}

/**
 * A domain error of EventsService as the form shows it: the rules' field problems beside their fields (in the
 * form's own field names), the message above the form. Anything else is thrown on, to the page filter. `form`: the
 * posted form, to find the question a 409 QUESTION_HAS_ANSWERS names.
 */
export function eventFormErrorOf(
  error: unknown,
  paths: Map<string, string> = new Map(),
  form: Form = {},
): EventFormErrors {
  if (!(error instanceof DomainError) || error.code === ErrorCode.INTERNAL_ERROR) throw error;
  if ([ErrorCode.EVENT_NOT_FOUND, ErrorCode.FORBIDDEN_ROLE].includes(error.code)) throw error;
  const fieldErrors: FieldErrors = {};
  const named = FIELD_OF_CODE[error.code];
  if (named) fieldErrors[named[0]] = [named[1]];
  for (const { field, errors } of (error.details?.fields ?? []) as { field: string; errors?: string[] }[]) {
    const key = field.startsWith('questions.')
      ? questionRuleKey(field, errors ?? [])
      : (RULE_KEYS.find(([pattern]) => pattern.test(field))?.[1] ?? 'validation.default');
    fieldErrors[formFieldOf(field, paths)] ??= [key];
  }
  const conflict = questionConflictOf(error, form);
  if (conflict) {
    fieldErrors[conflict.field] = [conflict.key];
    return {
      formError: { key: `errors.${error.code}` },
      fieldErrors,
      fieldErrorVars: { [conflict.field]: conflict.vars },
    };
  }
  return { formError: { key: `errors.${error.code}` }, fieldErrors };
}

/** The DTO paths → form fields of a posted form (to place a service's errors), without reading it again. */
export function rowPathsOf(form: Form): Map<string, string> {
  const paths = new Map<string, string>();
  hostRowsOf(form)
    .filter((r) => r.name)
    .forEach((r, i) => paths.set(`hosts.${i}`, `hosts.${r.index}`));
  agendaRowsOf(form)
    .filter(isAgendaFilled)
    .forEach((r, i) => paths.set(`agenda.${i}`, `agenda.${r.index}`));
  questionsInput(questionRowsOf(form), paths, {});
  return paths;
}
