import type { EventView } from '@tongxin/events';
import { renderMessage, renderSettingsFor } from '@tongxin/messages';
import type { RegistrationView } from '@tongxin/registrations';
import { randomUUID } from 'node:crypto';

/**
 * The calendar file an attendee downloads from their page: the very invitation their confirmation mail carries
 * (renderMessage's ICS: same UID, SEQUENCE and organizer), so opening it updates the entry the mail made rather
 * than adding a second one.
 */
export function calendarFile(
  registration: RegistrationView,
  event: EventView,
  links: { manage: string; join: string | null },
  mailFrom: string,
): string {
  const mail = renderMessage(
    {
      messageId: randomUUID(),
      resendOf: null,
      kind: 'confirmation',
      status: registration.status,
      locale: registration.locale,
      recipient: {
        name: registration.name,
        email: registration.email,
        organizationName: registration.organization.name,
      },
      event: {
        id: event.id,
        title: event.title,
        titleEn: event.titleEn,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timezone: event.timezone,
        venue: event.venue,
        icsSequence: event.icsSequence,
        cancelled: event.status === 'cancelled',
      },
      links: { ...links, unsubscribe: null },
      announcement: null,
    },
    // The mail sender's settings: the same From, and the same calendar UID domain.
    renderSettingsFor(mailFrom),
  );
  const ics = mail.icalEvent as { content?: string } | undefined;
  return ics?.content ?? '';
}
