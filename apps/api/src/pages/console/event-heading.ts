import type { EventDetail } from '@tongxin/events';

/** What every page of an event's console shows of the event: its titles and zone, for the heading and the tabs. */
export function eventHeading(event: EventDetail) {
  return {
    id: event.id,
    title: event.title,
    titleEn: event.titleEn,
    status: event.status,
    timezone: event.timezone,
  };
}
