/**
 * The console's event form, by section: times in the event's zone (time-zones.ts), hosts, agenda and registration
 * questions (rows of the form), reading the form into the API's DTO and placing its errors (reading.ts), and showing
 * it (view.ts).
 */
export { withSpareRows } from './form-values';
export { localToOffsetIso, offsetLabel, TIME_ZONES, toLocalInput } from './time-zones';
export { HostRow, hostRowsOf } from './hosts';
export { AgendaRow, agendaRowsOf } from './agenda';
export { QuestionRow, questionRowsOf } from './questions';
export { EventFormErrors, eventFormErrorOf, EventFormResult, readEventForm, rowPathsOf } from './reading';
export { eventForm, EventFormView, newEventForm, postedEventForm, REMINDER_CHOICES } from './view';
