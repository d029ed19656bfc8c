import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode, normalizeName } from '@tongxin/common';
import { EVENT_KINDS, EVENT_LANGUAGES, EventDetail, HOST_ROLES, SeriesView } from '@tongxin/events';
import type { OrganizationsService, OrganizationView } from '@tongxin/organizations';
import { CreateEventDto, UpdateEventDto } from '../../events/dto/event-input.dto';
import { FieldErrors, readForm, ticked } from '../forms';

/**
 * The console's event form: what the browser posts (flat fields, `hosts.0.name`, `agenda.0.title`, times as
 * datetime-local in the event's zone) read into the JSON API's CreateEventDto / UpdateEventDto, and an event shown
 * as form values. Translation of input only: every rule is the DTO's and EventsService's.
 */

type Form = Record<string, unknown>;

/** Reminder choices offered as checkboxes (ISO 8601 durations before the start, as the API takes them). */
export const REMINDER_CHOICES = ['P7D', 'P1D', 'PT1H', 'PT15M'] as const;
const DEFAULT_REMINDERS = ['P1D', 'PT1H'];

/** Zones offered in the form (an event's own zone is always offered too). */
export const TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Urumqi',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];

/** Empty rows offered after the filled ones, so a host or agenda item can be added without a script. */
const SPARE_ROWS = 2;
const DATE_FIELDS = ['startsAt', 'endsAt', 'registrationOpensAt', 'registrationClosesAt'] as const;
const REQUIRED = ['title', 'kind', 'startsAt', 'endsAt', 'language'] as const;
const OPTIONAL_TEXT = ['titleEn', 'description', 'venue', 'joinUrl'] as const;
const OPTIONAL_NUMBERS = ['capacity', 'perOrganizationLimit'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');
const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

// ---- time zones -------------------------------------------------------------------------------------------------

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A datetime-local value ("2026-12-05T09:30") read in an IANA zone, as the API's date-time with offset
 * ("2026-12-05T09:30:00+08:00"); the offset is the zone's at that moment (summer time included). Undefined when the
 * value is not a datetime-local or the zone is unknown (the API then says what is wrong).
 */
export function localToOffsetIso(local: string, zone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00'] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  let offset: number;
  try {
    offset = offsetMinutes(zone, new Date(wall));
    offset = offsetMinutes(zone, new Date(wall - offset * 60_000));
  } catch {
    return undefined;
  }
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as a datetime-local value in a zone ("2026-12-05T09:30"). */
export function toLocalInput(at: Date | null | undefined, zone: string): string {
  if (!at) return '';
  try {
    return new Date(at).toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16).replace(' ', 'T');
  } catch {
    return new Date(at).toISOString().slice(0, 16);
  }
}

/** The zone's UTC offset at an instant, for the form's hint ("GMT+08:00"). */
export function offsetLabel(zone: string, at: Date = new Date()): string {
  try {
    const minutes = offsetMinutes(zone, at);
    const abs = Math.abs(minutes);
    return `GMT${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  } catch {
    return '';
  }
}

// ---- rows -------------------------------------------------------------------------------------------------------

export interface HostRow {
  index: number;
  name: string;
  role: string;
  /** The organization chosen for this row (kept from the event, or picked among same-named ones). */
  id: string;
  /** Same-named organizations to pick from, when the name alone does not say which. */
  choices?: { id: string; label: string }[];
}

export interface AgendaRow {
  index: number;
  startsAt: string;
  title: string;
  speaker: string;
  speakerAffiliation: string;
}

/** Indexes of the rows a form posted (`prefix.N.field`), in order. */
function rowIndexes(form: Form, prefix: string): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(form)) {
    const m = new RegExp(`^${prefix}\\.(\\d{1,3})\\.`).exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

export function hostRowsOf(form: Form): HostRow[] {
  return rowIndexes(form, 'hosts').map((i) => ({
    index: i,
    name: str(form[`hosts.${i}.name`]).trim(),
    role: str(form[`hosts.${i}.role`]),
    id: str(form[`hosts.${i}.id`]),
  }));
}

export function agendaRowsOf(form: Form): AgendaRow[] {
  return rowIndexes(form, 'agenda').map((i) => ({
    index: i,
    startsAt: str(form[`agenda.${i}.startsAt`]),
    title: str(form[`agenda.${i}.title`]),
    speaker: str(form[`agenda.${i}.speaker`]),
    speakerAffiliation: str(form[`agenda.${i}.speakerAffiliation`]),
  }));
}

/** Rows shown in the form: the given ones (keeping their numbers, which errors refer to), then spare empty ones. */
export function withSpareRows<T extends { index: number }>(
  rows: T[],
  isFilled: (row: T) => boolean,
  empty: () => Omit<T, 'index'>,
): T[] {
  const next = rows.reduce((max, row) => Math.max(max, row.index + 1), 0);
  const spare = Array.from({ length: SPARE_ROWS }, (_, i) => ({ ...empty(), index: next + i }) as T);
  return [...rows.filter(isFilled), ...spare];
}

// ---- reading the form -------------------------------------------------------------------------------------------

export type EventFormResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors; hosts: HostRow[] };

interface Built {
  input: Record<string, unknown>;
  /** DTO path prefix → form field (e.g. `hosts.1` → `hosts.3`: the second host given is the form's fourth row). */
  paths: Map<string, string>;
  hosts: HostRow[];
  errors: FieldErrors;
}

/** Organizations whose name is the typed one (Chinese or English), found through the same search as the API's. */
async function sameNamed(organizations: OrganizationsService, actor: Actor, name: string) {
  const page = await organizations.list(actor, { q: name, limit: 20 });
  const wanted = normalizeName(name);
  return page.items
    .map((i) => i.organization)
    .filter((o) => o.nameNormalized === wanted || (o.nameEn !== null && normalizeName(o.nameEn) === wanted));
}

const labelOf = (o: OrganizationView) => `${o.name}（${o.region.nameZh}${o.city ? ` ${o.city}` : ''}）`;

/** Hosts typed by name: each row's organization (kept, picked, or the one organization of that name). */
async function resolveHosts(
  organizations: OrganizationsService,
  actor: Actor,
  rows: HostRow[],
  paths: Map<string, string>,
  errors: FieldErrors,
): Promise<{ organizationId: string; role: string }[]> {
  const hosts: { organizationId: string; role: string }[] = [];
  for (const row of rows) {
    if (!row.name) continue;
    const found = await sameNamed(organizations, actor, row.name);
    const picked = found.find((o) => o.id === row.id);
    const verified = found.filter((o) => o.verified);
    const one = picked ?? (found.length === 1 ? found[0] : verified.length === 1 ? verified[0] : undefined);
    if (!one) {
      errors[`hosts.${row.index}.name`] = [found.length ? 'console.rule.hostAmbiguous' : 'console.rule.hostNotFound'];
      if (found.length) row.choices = found.map((o) => ({ id: o.id, label: labelOf(o) }));
      continue;
    }
    row.id = one.id;
    paths.set(`hosts.${hosts.length}`, `hosts.${row.index}`);
    hosts.push({ organizationId: one.id, role: row.role });
  }
  return hosts;
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

  const agenda: Record<string, unknown>[] = [];
  for (const row of agendaRowsOf(form)) {
    const filled = [row.startsAt, row.title, row.speaker, row.speakerAffiliation].some((v) => v.trim());
    if (!filled) continue;
    paths.set(`agenda.${agenda.length}`, `agenda.${row.index}`);
    agenda.push({
      startsAt: localToOffsetIso(row.startsAt, zone) ?? row.startsAt,
      title: row.title.trim(),
      speaker: row.speaker.trim(),
      ...(row.speakerAffiliation.trim() ? { speakerAffiliation: row.speakerAffiliation.trim() } : {}),
    });
  }
  input.agenda = agenda;

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

/**
 * A domain error of EventsService as the form shows it: the rules' field problems beside their fields (in the
 * form's own field names), the message above the form. Anything else is thrown on, to the page filter.
 */
export function eventFormErrorOf(
  error: unknown,
  paths: Map<string, string> = new Map(),
): { formError: { key: string }; fieldErrors: FieldErrors } {
  if (!(error instanceof DomainError) || error.code === ErrorCode.INTERNAL_ERROR) throw error;
  if ([ErrorCode.EVENT_NOT_FOUND, ErrorCode.FORBIDDEN_ROLE].includes(error.code)) throw error;
  const fieldErrors: FieldErrors = {};
  const named = FIELD_OF_CODE[error.code];
  if (named) fieldErrors[named[0]] = [named[1]];
  for (const { field } of (error.details?.fields ?? []) as { field: string }[]) {
    const key = RULE_KEYS.find(([pattern]) => pattern.test(field))?.[1] ?? 'validation.default';
    fieldErrors[formFieldOf(field, paths)] ??= [key];
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
    .filter((r) => [r.startsAt, r.title, r.speaker, r.speakerAffiliation].some((v) => v.trim()))
    .forEach((r, i) => paths.set(`agenda.${i}`, `agenda.${r.index}`));
  return paths;
}

// ---- showing the form -------------------------------------------------------------------------------------------

/** A choice of a select, radio or checkbox group: its value and the message key of its label. */
interface Choice {
  code: string;
  key: string;
  checked?: boolean;
}

export interface EventFormView {
  values: Record<string, unknown>;
  /** Rows with the names of their fields (`hosts.3.name`), which field errors are keyed by. */
  hosts: (HostRow & { f: Record<'name' | 'role' | 'id', string> })[];
  agenda: (AgendaRow & { f: Record<'startsAt' | 'title' | 'speaker' | 'speakerAffiliation', string> })[];
  reminders: (Choice & { known: boolean })[];
  zones: string[];
  kinds: Choice[];
  languages: Choice[];
  hostRoles: Choice[];
  series: SeriesView[];
  offset: string;
}

const choices = (values: readonly string[], prefix: string): Choice[] =>
  values.map((code) => ({ code, key: `${prefix}.${code}` }));

function formView(
  values: Record<string, unknown>,
  hosts: HostRow[],
  agenda: AgendaRow[],
  series: SeriesView[] = [],
): EventFormView {
  const zone = str(values.timezone) || 'Asia/Shanghai';
  const chosen = listOf(values.reminderOffsets);
  const offered = [...REMINDER_CHOICES, ...chosen.filter((o) => !(REMINDER_CHOICES as readonly string[]).includes(o))];
  const field = (prefix: string, index: number, names: string[]) =>
    Object.fromEntries(names.map((n) => [n, `${prefix}.${index}.${n}`]));
  return {
    values,
    hosts: withSpareRows(
      hosts,
      (h) => h.name.trim() !== '',
      () => ({ name: '', role: 'host', id: '' }),
    ).map((row) => ({
      ...row,
      f: field('hosts', row.index, ['name', 'role', 'id']) as Record<'name' | 'role' | 'id', string>,
    })),
    agenda: withSpareRows(
      agenda,
      (a) => [a.startsAt, a.title, a.speaker, a.speakerAffiliation].some((v) => v.trim() !== ''),
      () => ({ startsAt: '', title: '', speaker: '', speakerAffiliation: '' }),
    ).map((row) => ({
      ...row,
      f: field('agenda', row.index, ['startsAt', 'title', 'speaker', 'speakerAffiliation']) as Record<
        'startsAt' | 'title' | 'speaker' | 'speakerAffiliation',
        string
      >,
    })),
    reminders: offered.map((code) => ({
      code,
      key: `console.reminder.${code}`,
      known: (REMINDER_CHOICES as readonly string[]).includes(code),
      checked: chosen.includes(code),
    })),
    zones: TIME_ZONES.includes(zone) ? TIME_ZONES : [zone, ...TIME_ZONES],
    kinds: choices(EVENT_KINDS, 'console.kind'),
    languages: choices(EVENT_LANGUAGES, 'console.lang'),
    hostRoles: choices(HOST_ROLES, 'console.hostRole'),
    series,
    offset: offsetLabel(zone, values.startsAt ? new Date(String(values.startsAt)) : new Date()),
  };
}

/** A new event's form: the API's defaults. */
export function newEventForm(series: SeriesView[], lang: string): EventFormView {
  return formView(
    {
      kind: 'in_person',
      timezone: 'Asia/Shanghai',
      language: lang === 'en' ? 'en' : 'zh',
      reminderOffsets: DEFAULT_REMINDERS,
    },
    [],
    [],
    series,
  );
}

/** The form of an existing event, with its values in its own zone. */
export function eventForm(event: EventDetail): EventFormView {
  const zone = event.timezone;
  const values: Record<string, unknown> = {
    title: event.title,
    titleEn: event.titleEn ?? '',
    description: event.description ?? '',
    kind: event.kind,
    timezone: zone,
    startsAt: toLocalInput(event.startsAt, zone),
    endsAt: toLocalInput(event.endsAt, zone),
    registrationOpensAt: toLocalInput(event.registrationOpensAt, zone),
    registrationClosesAt: toLocalInput(event.registrationClosesAt, zone),
    venue: event.venue ?? '',
    joinUrl: event.joinUrl ?? '',
    capacity: event.capacity ?? '',
    perOrganizationLimit: event.perOrganizationLimit ?? '',
    requiresApproval: event.requiresApproval,
    language: event.language,
    reminderOffsets: event.reminderOffsets,
    attendedMinMinutes: event.attendedMinMinutes,
  };
  const hosts = event.hosts.map((h, index) => ({
    index,
    name: h.organization.name,
    role: h.role,
    id: h.organization.id,
  }));
  const agenda = event.agenda.map((a, index) => ({
    index,
    startsAt: toLocalInput(a.startsAt, zone),
    title: a.title,
    speaker: a.speaker ?? '',
    speakerAffiliation: a.speakerAffiliation ?? '',
  }));
  const view = formView(values, hosts, agenda);
  view.offset = offsetLabel(zone, event.startsAt);
  return view;
}

/** The form as it was posted (after an error), with the host rows as they were resolved. */
export function postedEventForm(form: Form, hosts: HostRow[] | undefined, series: SeriesView[] = []): EventFormView {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    if (key !== '_csrf') values[key] = key === 'reminderOffsets' ? listOf(value) : str(value);
  }
  values.reminderOffsets = listOf(form.reminderOffsets);
  values.requiresApproval = form.requiresApproval === 'on';
  return formView(values, hosts ?? hostRowsOf(form), agendaRowsOf(form), series);
}
