import { EventDetail, isActive } from '@tongxin/events';
import { localToOffsetIso, toLocalInput } from './event-form';

/**
 * The event page's parts about what comes after the form: the questions taken off it whose answers are kept (each with
 * a way to delete them), and copying the event into its next session.
 */

const WEEK_MS = 7 * 24 * 3600_000;

/** Questions off the form whose answers are kept, with when they were taken off (in the event's zone). */
export function removedQuestionsOf(event: Pick<EventDetail, 'questions' | 'timezone'>) {
  return event.questions
    .filter((q) => !isActive(q))
    .map((q) => ({
      key: q.key,
      labelZh: q.labelZh,
      labelEn: q.labelEn,
      removedAt: toLocalInput(new Date(q.removedAt!), event.timezone).replace('T', ' '),
    }));
}

/** The copy form's values: a week after this event's start, in its zone, and no title (the service's default). */
export function copyFormOf(event: Pick<EventDetail, 'startsAt' | 'timezone'>, posted?: Record<string, unknown>) {
  const startsAt = toLocalInput(new Date(new Date(event.startsAt).getTime() + WEEK_MS), event.timezone);
  return {
    startsAt: typeof posted?.startsAt === 'string' ? posted.startsAt : startsAt,
    title: typeof posted?.title === 'string' ? posted.title : '',
    zone: event.timezone,
  };
}

/** The copy form as CopyEventDto takes it: the start read in the event's zone; an empty title left out. */
export function copyInput(event: Pick<EventDetail, 'timezone'>, body: Record<string, unknown>) {
  const local = typeof body.startsAt === 'string' ? body.startsAt.trim() : '';
  const title = typeof body.title === 'string' ? body.title.trim() : '';
  return {
    ...(local ? { startsAt: localToOffsetIso(local, event.timezone) ?? local } : {}),
    ...(title ? { title } : {}),
  };
}
