import { Form, rowIndexes, str } from './form-values';
import { localToOffsetIso } from './time-zones';

/** The event form's agenda: items with a time in the event's zone, a title and a speaker. */

export interface AgendaRow {
  index: number;
  startsAt: string;
  title: string;
  speaker: string;
  speakerAffiliation: string;
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

/** A row someone wrote in. */
export const isAgendaFilled = (row: AgendaRow): boolean =>
  [row.startsAt, row.title, row.speaker, row.speakerAffiliation].some((v) => v.trim() !== '');

/** The agenda as the API takes it, the rows left empty left out; `paths` learns which row each item came from. */
export function agendaInput(rows: AgendaRow[], zone: string, paths: Map<string, string>): Record<string, unknown>[] {
  const agenda: Record<string, unknown>[] = [];
  for (const row of rows) {
    if (!isAgendaFilled(row)) continue;
    paths.set(`agenda.${agenda.length}`, `agenda.${row.index}`);
    agenda.push({
      startsAt: localToOffsetIso(row.startsAt, zone) ?? row.startsAt,
      title: row.title.trim(),
      speaker: row.speaker.trim(),
      ...(row.speakerAffiliation.trim() ? { speakerAffiliation: row.speakerAffiliation.trim() } : {}),
    });
  }
  return agenda;
}
