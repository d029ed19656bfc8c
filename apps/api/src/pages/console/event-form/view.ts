import { EVENT_KINDS, EVENT_LANGUAGES, EventDetail, HOST_ROLES, SeriesView } from '@tongxin/events';
import { AgendaRow, agendaRowsOf, isAgendaFilled } from './agenda';
import { Form, listOf, rowFields, str, withSpareRows } from './form-values';
import { HostRow, hostRowsOf } from './hosts';
import { QuestionRow, questionRowsOf, questionRowsOfEvent, questionRowsView } from './questions';
import { offsetLabel, TIME_ZONES, toLocalInput } from './time-zones';

/** Showing the console's event form: a new event's defaults, an event's values in its own zone, a posted form again. */

/** Reminder choices offered as checkboxes (ISO 8601 durations before the start, as the API takes them). */
export const REMINDER_CHOICES = ['P7D', 'P1D', 'PT1H', 'PT15M'] as const;
const DEFAULT_REMINDERS = ['P1D', 'PT1H'];

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
  questions: ReturnType<typeof questionRowsView>;
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
  questions: QuestionRow[],
  series: SeriesView[] = [],
): EventFormView {
  const zone = str(values.timezone) || 'Asia/Shanghai';
  const chosen = listOf(values.reminderOffsets);
  const offered = [...REMINDER_CHOICES, ...chosen.filter((o) => !(REMINDER_CHOICES as readonly string[]).includes(o))];
  return {
    values,
    hosts: withSpareRows(
      hosts,
      (h) => h.name.trim() !== '',
      () => ({ name: '', role: 'host', id: '' }),
    ).map((row) => ({ ...row, f: rowFields('hosts', row.index, ['name', 'role', 'id'] as const) })),
    agenda: withSpareRows(agenda, isAgendaFilled, () => ({
      startsAt: '',
      title: '',
      speaker: '',
      speakerAffiliation: '',
    })).map((row) => ({
      ...row,
      f: rowFields('agenda', row.index, ['startsAt', 'title', 'speaker', 'speakerAffiliation'] as const),
    })),
    questions: questionRowsView(questions),
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
  const view = formView(values, hosts, agenda, questionRowsOfEvent(event.questions));
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
  return formView(values, hosts ?? hostRowsOf(form), agendaRowsOf(form), questionRowsOf(form), series);
}
